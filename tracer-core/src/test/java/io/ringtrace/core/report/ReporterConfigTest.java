/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ReporterConfigTest {

  @Test
  void with_answersACopy_andLeavesTheOriginalAsItWas() {
    ReporterConfig defaults = ReporterConfig.defaults();

    ReporterConfig changed = defaults.withMaxQueueSize(100);

    assertThat(changed.maxQueueSize()).isEqualTo(100);
    assertThat(defaults.maxQueueSize()).isEqualTo(ReporterConfig.DEFAULT_MAX_QUEUE_SIZE);
  }

  @Test
  void with_keepsTheOtherOptions() {
    ReporterConfig config =
        ReporterConfig.defaults().withCloseTimeout(Duration.ofMillis(250)).withMaxQueueSize(64);

    assertThat(config.closeTimeout()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void maxExportBatchSize_unset_isTheQueueSizeWhenThatIsSmaller() {
    assertThat(ReporterConfig.defaults().withMaxQueueSize(100).maxExportBatchSize()).isEqualTo(100);
  }

  @Test
  void withMaxQueueSize_zero_throwsNamingTheOptionAndTheValue() {
    assertThatThrownBy(() -> ReporterConfig.defaults().withMaxQueueSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxQueueSize")
        .hasMessageContaining(": 0");
  }

  @Test
  void withScheduleDelay_zero_throwsNamingTheOption() {
    assertThatThrownBy(() -> ReporterConfig.defaults().withScheduleDelay(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scheduleDelay");
  }

  @Test
  void tracerBuilderAndReporterBuilder_rejectABadValueWithTheSameMessage() {
    Throwable fromTracer =
        catchThrown(() -> Ringtrace.builder("svc").exportTimeout(Duration.ofMillis(-1)));
    Throwable fromReporter =
        catchThrown(
            () ->
                BatchingReporter.builder(DiscardSpanExporter.getInstance())
                    .exportTimeout(Duration.ofMillis(-1)));

    assertThat(fromTracer).isInstanceOf(IllegalArgumentException.class);
    assertThat(fromTracer).hasMessage(fromReporter.getMessage());
  }

  @Test
  void closeDefault_isFiveSecondsForTheTracerAndEveryReporter() {
    AtomicReference<Duration> asked = new AtomicReference<>();
    Reporter reporter =
        new Reporter() {
          @Override
          public void report(FinishedSpan span) {}

          @Override
          public boolean flush(Duration timeout) {
            return true;
          }

          @Override
          public ReporterMetrics metrics() {
            return ReporterCounters.zero();
          }

          @Override
          public boolean close(Duration timeout) {
            asked.set(timeout);
            return true;
          }
        };

    reporter.close();

    assertThat(asked.get()).isEqualTo(Duration.ofSeconds(5));
    assertThat(RingtraceTracer.DEFAULT_CLOSE_TIMEOUT).isEqualTo(Duration.ofSeconds(5));
    assertThat(ReporterConfig.defaults().closeTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  @Timeout(30)
  void builderConfig_replacesTheOptionsSetBefore() {
    BatchingReporter reporter =
        BatchingReporter.builder(DiscardSpanExporter.getInstance())
            .maxQueueSize(8)
            .config(ReporterConfig.defaults().withMaxQueueSize(64).withServiceName("replaced"))
            .build();
    try {
      assertThat(reporter.queueCapacity()).isEqualTo(64);
      assertThat(reporter.workerThread().getName()).isEqualTo("ringtrace-reporter-replaced");
    } finally {
      reporter.close(Duration.ofSeconds(5));
    }
  }

  @Test
  void build_batchLargerThanTheQueue_throwsNamingBothValues() {
    ReporterConfig config =
        ReporterConfig.defaults().withMaxQueueSize(16).withMaxExportBatchSize(32);

    assertThatThrownBy(
            () -> BatchingReporter.builder(DiscardSpanExporter.getInstance()).config(config).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 > 16");
  }

  private static Throwable catchThrown(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("did not throw");
  }
}
