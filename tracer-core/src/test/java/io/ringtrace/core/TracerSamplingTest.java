/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.propagation.BinaryAdapters;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.tag.Tags;
import io.ringtrace.core.report.InMemorySpanExporter;
import io.ringtrace.core.sampler.Sampler;
import io.ringtrace.core.sampler.SamplingDecision;
import io.ringtrace.propagation.ExtractedContext;
import io.ringtrace.propagation.Propagator;
import io.ringtrace.propagation.TraceContext;
import io.ringtrace.propagation.TraceFlags;
import io.ringtrace.propagation.W3CTraceContextPropagator;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sampling decisions and overrides, through the real tracer. */
class TracerSamplingTest {

  private final InMemorySpanExporter memory = InMemorySpanExporter.create();
  private RingtraceTracer tracer;

  @AfterEach
  void close() {
    if (tracer != null) tracer.close();
  }

  private RingtraceTracer tracer(Sampler sampler) {
    return tracer(sampler, W3CTraceContextPropagator.getInstance());
  }

  private RingtraceTracer tracer(Sampler sampler, Propagator propagator) {
    return tracer =
        Ringtrace.builder("checkout").sampler(sampler).propagator(propagator).exporter(memory).build();
  }

  private List<FinishedSpan> exported() {
    assertThat(tracer.flush(Duration.ofSeconds(5))).isTrue();
    return memory.finishedSpans();
  }

  private static RingtraceSpanContext context(Span span) {
    return (RingtraceSpanContext) span.context();
  }

  private String traceparent(SpanContext context) {
    Map<String, String> headers = new HashMap<>();
    tracer.inject(context, Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
    return headers.get("traceparent");
  }

  /** Samples the first root it is asked about and no other; counts the questions. */
  static final class FirstRootOnly implements Sampler {
    final AtomicInteger asked = new AtomicInteger();

    @Override
    public SamplingDecision sample(Parent parent, long high, long low, String operationName) {
      return SamplingDecision.of(asked.incrementAndGet() == 1, "first-only", 1);
    }
  }

  // ----------------------------------------------------------------------------------------------
  // sampling.priority at start

  @Test
  void samplingPriorityPositiveAtStart_samplesUnderAlwaysOff_withTheDebugFlag() {
    tracer(Sampler.alwaysOff());
    Span span = tracer.buildSpan("op").withTag(Tags.SAMPLING_PRIORITY, 1).start();
    span.finish();
    assertThat(context(span).isSampled()).isTrue();
    assertThat(context(span).flags() & TraceFlags.DEBUG).isNotZero();
    assertThat(exported()).hasSize(1);
  }

  @Test
  void samplingPriorityZeroAtStart_dropsUnderAlwaysOn() {
    tracer(Sampler.alwaysOn());
    Span span = tracer.buildSpan("op").withTag(Tags.SAMPLING_PRIORITY.getKey(), 0).start();
    span.finish();
    assertThat(context(span).isSampled()).isFalse();
    assertThat(exported()).isEmpty();
  }

  @Test
  void samplingPriorityAtStart_isJudgedByItsSign_notItsIntValue() {
    tracer(Sampler.alwaysOff());
    tracer.buildSpan("half").withTag(Tags.SAMPLING_PRIORITY.getKey(), 0.5).start().finish();
    tracer.buildSpan("big").withTag(Tags.SAMPLING_PRIORITY.getKey(), 1L << 32).start().finish();
    tracer.buildSpan("nan").withTag(Tags.SAMPLING_PRIORITY.getKey(), Double.NaN).start().finish();
    assertThat(exported()).extracting(FinishedSpan::operationName).containsExactly("half", "big");
  }

  @Test
  void samplingPriorityZeroAtStart_overridesASampledParent() {
    tracer(Sampler.alwaysOn());
    Span parent = tracer.buildSpan("parent").start();
    Span child = tracer.buildSpan("child").asChildOf(parent).withTag(Tags.SAMPLING_PRIORITY, 0).start();
    child.finish();
    parent.finish();
    assertThat(exported()).extracting(FinishedSpan::operationName).containsExactly("parent");
  }

  // ----------------------------------------------------------------------------------------------
  // sampling.priority after start

  @Test
  void samplingPriorityPositiveAfterStart_recordsFromThatMoment() {
    tracer(Sampler.alwaysOff());
    Span span = tracer.buildSpan("op").start();
    span.setTag("before", "lost");
    Tags.SAMPLING_PRIORITY.set(span, 1);
    span.setTag("after", "kept");
    span.finish();
    List<FinishedSpan> spans = exported();
    assertThat(spans).hasSize(1);
    assertThat(spans.get(0).tags()).containsEntry("after", "kept").doesNotContainKey("before");
    assertThat(spans.get(0).sampled()).isTrue();
    assertThat(context(span).isSampled()).isTrue();
  }

  @Test
  void samplingPriorityZeroAfterStart_dropsTheSpanBeforeFinish() {
    tracer(Sampler.alwaysOn());
    Span span = tracer.buildSpan("op").start();
    span.setTag(Tags.SAMPLING_PRIORITY.getKey(), 0);
    span.finish();
    assertThat(context(span).isSampled()).isFalse();
    assertThat(exported()).isEmpty();
  }

  @Test
  void samplingPriorityAfterFinish_changesNothing() {
    tracer(Sampler.alwaysOn());
    Span span = tracer.buildSpan("op").start();
    span.finish();
    span.setTag(Tags.SAMPLING_PRIORITY.getKey(), 0);
    assertThat(exported()).hasSize(1);
  }

    // A trace of ours: the random flag (0x02) is always set; the sampled flag follows the priority.
  @Test
  void samplingPriorityAfterStart_changesWhatIsInjected() {
    tracer(Sampler.alwaysOff());
    Span span = tracer.buildSpan("op").start();
    assertThat(traceparent(span.context())).endsWith("-02");
    span.setTag(Tags.SAMPLING_PRIORITY.getKey(), 1);
    assertThat(traceparent(span.context())).endsWith("-03");
    span.setTag(Tags.SAMPLING_PRIORITY.getKey(), 0);
    assertThat(traceparent(span.context())).endsWith("-02");
    span.finish();
  }

  @Test
  void samplingPriorityAfterStart_isFollowedByChildrenStartedLater() {
    tracer(Sampler.parentBased(Sampler.alwaysOff()));
    Span parent = tracer.buildSpan("parent").start();
    Tags.SAMPLING_PRIORITY.set(parent, 1);
    Span child = tracer.buildSpan("child").asChildOf(parent).start();
    child.finish();
    parent.finish();
    assertThat(exported()).extracting(FinishedSpan::operationName).containsExactly("child", "parent");
  }

  // ----------------------------------------------------------------------------------------------
  // Debug flag from propagation

  @Test
  void debugFlagFromABinaryParent_forcesSamplingUnderAlwaysOff() {
    tracer(Sampler.alwaysOn());
    Span upstream = tracer.buildSpan("client").withTag(Tags.SAMPLING_PRIORITY, 1).start();
    ByteBuffer wire = ByteBuffer.allocate(256);
    tracer.inject(upstream.context(), Format.Builtin.BINARY_INJECT, BinaryAdapters.injectionCarrier(wire));
    wire.flip();
    upstream.finish();
    // Export it now: closing the downstream tracer below shuts the shared exporter down.
    assertThat(tracer.flush(Duration.ofSeconds(5))).isTrue();

    RingtraceTracer downstream =
        Ringtrace.builder("billing").sampler(Sampler.parentBased(Sampler.alwaysOff())).exporter(memory).build();
    try {
      SpanContext extracted =
          downstream.extract(Format.Builtin.BINARY_EXTRACT, BinaryAdapters.extractionCarrier(wire));
      Span server = downstream.buildSpan("server").asChildOf(extracted).start();
      server.finish();
      assertThat(context(server).isSampled()).isTrue();
      assertThat(context(server).flags() & TraceFlags.DEBUG).isNotZero();
      assertThat(downstream.flush(Duration.ofSeconds(5))).isTrue();
    } finally {
      downstream.close();
    }
    // two tracers, two reporters: the order in which they export is theirs
    assertThat(exported())
        .extracting(FinishedSpan::operationName)
        .containsExactlyInAnyOrder("client", "server");
  }

  @Test
  void debugFlagFromAnUnsampledHeaderParent_forcesSampling() {
    // As a B3 "X-B3-Flags: 1" or a Jaeger flag 0x02 arrives: debug, even though not sampled.
    tracer(Sampler.parentBased(Sampler.alwaysOff()), new DebugHeaderPropagator());
    Map<String, String> headers = Collections.singletonMap("x-debug-trace", "1");
    SpanContext extracted = tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
    Span server = tracer.buildSpan("server").asChildOf(extracted).start();
    server.finish();
    assertThat(context(server).isSampled()).isTrue();
    assertThat(exported()).hasSize(1);
  }

  /** Extracts "x-debug-trace: 1" as a fixed context that carries only the debug flag. */
  static final class DebugHeaderPropagator implements Propagator {
    @Override
    public List<String> fields() {
      return Collections.singletonList("x-debug-trace");
    }

    @Override
    public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {}

    @Override
    public ExtractedContext extract(Iterable<? extends Map.Entry<String, String>> carrier) {
      for (Map.Entry<String, String> e : carrier) {
        if (e.getKey().equalsIgnoreCase("x-debug-trace") && "1".equals(e.getValue())) {
          return ExtractedContext.create(0, 0x1234L, 0x5678L, 0, TraceFlags.DEBUG, null, null);
        }
      }
      return null;
    }
  }

  // ----------------------------------------------------------------------------------------------
  // One decision per trace root: recorded, carried, propagated

  @Test
  void decision_isMadeOncePerTraceRoot_andChildrenFollowIt() {
    FirstRootOnly root = new FirstRootOnly();
    tracer(Sampler.parentBased(root));
    Span a = tracer.buildSpan("a").start();
    Span a1 = tracer.buildSpan("a1").asChildOf(a).start();
    Span a2 = tracer.buildSpan("a2").asChildOf(a1).start();
    Span b = tracer.buildSpan("b").start();
    Span b1 = tracer.buildSpan("b1").asChildOf(b).start();
    for (Span s : new Span[] {a2, a1, a, b1, b}) s.finish();

    assertThat(root.asked).hasValue(2);
    assertThat(exported()).extracting(FinishedSpan::operationName).containsExactly("a2", "a1", "a");
    assertThat(context(b1).isSampled()).isFalse();
  }

  @Test
  void rateLimitedRoot_childrenFollowEvenWhenTheLimitIsSpent() {
    tracer(Sampler.parentBased(Sampler.rateLimiting(1e-6, 1))); // one trace, then none for days
    Span first = tracer.buildSpan("first").start();
    Span child = tracer.buildSpan("child").asChildOf(first).start();
    Span grandchild = tracer.buildSpan("grandchild").asChildOf(child).start();
    Span second = tracer.buildSpan("second").start();
    for (Span s : new Span[] {grandchild, child, first, second}) s.finish();
    assertThat(exported())
        .extracting(FinishedSpan::operationName)
        .containsExactly("grandchild", "child", "first");
  }

  @Test
  void decision_isRecordedAsSamplerTagsOnTheRootOnly() {
    tracer(Sampler.parentBased(Sampler.traceIdRatio(1.0)));
    Span root = tracer.buildSpan("root").start();
    Span child = tracer.buildSpan("child").asChildOf(root).start();
    child.finish();
    root.finish();
    List<FinishedSpan> spans = exported();
    assertThat(spans.get(1).tags())
        .containsEntry(SamplingDecision.SAMPLER_TYPE_TAG, "probabilistic")
        .containsEntry(SamplingDecision.SAMPLER_PARAM_TAG, 1.0);
    assertThat(spans.get(0).tags())
        .doesNotContainKeys(SamplingDecision.SAMPLER_TYPE_TAG, SamplingDecision.SAMPLER_PARAM_TAG);
  }

  @Test
  void decision_isCarriedInTheContextAndInjected() {
    tracer(Sampler.parentBased(Sampler.alwaysOn()));
    Span sampled = tracer.buildSpan("on").start();
    assertThat(context(sampled).isSampled()).isTrue();
    assertThat(traceparent(sampled.context())).endsWith("-03");
    sampled.finish();
    tracer.close();

    tracer(Sampler.alwaysOff());
    Span unsampled = tracer.buildSpan("off").start();
    assertThat(context(unsampled).isSampled()).isFalse();
    assertThat(traceparent(unsampled.context())).endsWith("-02");
    unsampled.finish();
  }

  @Test
  void remoteParentsDecision_isFollowedByDefault() {
    tracer(Sampler.parentBased(Sampler.alwaysOff()));
    SpanContext sampledParent =
        tracer.extract(
            Format.Builtin.HTTP_HEADERS,
            new TextMapAdapter(
                Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")));
    Span server = tracer.buildSpan("server").asChildOf(sampledParent).start();
    server.finish();
    assertThat(exported()).hasSize(1);
    assertThat(exported().get(0).traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(exported().get(0).tags()).doesNotContainKey(SamplingDecision.SAMPLER_TYPE_TAG);
  }

  @Test
  void remoteUnsampledParent_canBeSampledWhenConfigured() {
    tracer(
        Sampler.parentBasedBuilder(Sampler.alwaysOff())
            .remoteParentNotSampled(Sampler.alwaysOn())
            .build());
    SpanContext unsampledParent =
        tracer.extract(
            Format.Builtin.HTTP_HEADERS,
            new TextMapAdapter(
                Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")));
    Span server = tracer.buildSpan("server").asChildOf(unsampledParent).start();
    Span local = tracer.buildSpan("local").asChildOf(server).start();
    local.finish();
    server.finish();
    assertThat(exported()).extracting(FinishedSpan::operationName).containsExactly("local", "server");
  }

  @Test
  void parentWithoutADecision_isDecidedHereAndTagged() {
    tracer(Sampler.parentBased(Sampler.traceIdRatio(1.0)));
    SpanContext foreign =
        new SpanContext() { // another tracer's context: ids only, no flags
          @Override
          public String toTraceId() {
            return "4bf92f3577b34da6a3ce929d0e0e4736";
          }

          @Override
          public String toSpanId() {
            return "00f067aa0ba902b7";
          }

          @Override
          public Iterable<Map.Entry<String, String>> baggageItems() {
            return Collections.emptyList();
          }
        };
    Span span = tracer.buildSpan("op").asChildOf(foreign).start();
    span.finish();
    FinishedSpan finished = exported().get(0);
    assertThat(finished.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(finished.tags()).containsEntry(SamplingDecision.SAMPLER_TYPE_TAG, "probabilistic");
  }

  // ----------------------------------------------------------------------------------------------
  // A sampler that misbehaves

  @Test
  void samplerThatThrows_keepsTheTraceAndTheParentsDecision() {
    Sampler throwing =
        (parent, high, low, op) -> {
          if (parent != Sampler.Parent.NONE) throw new IllegalStateException("boom");
          return SamplingDecision.of(true);
        };
    tracer(throwing);
    Span root = tracer.buildSpan("root").start();
    Span child = tracer.buildSpan("child").asChildOf(root).start();
    assertThat(child.context().toTraceId()).isEqualTo(root.context().toTraceId());
    assertThat(context(child).parentSpanId()).isEqualTo(context(root).spanId());
    assertThat(context(child).isSampled()).isTrue();
    child.finish();
    root.finish();
    assertThat(exported()).hasSize(2);
  }

  @Test
  void samplerThatAnswersNull_leavesARootUnsampled() {
    tracer((parent, high, low, op) -> null);
    Span root = tracer.buildSpan("root").start();
    root.finish();
    assertThat(context(root).isSampled()).isFalse();
    assertThat(exported()).isEmpty();
  }

  // ----------------------------------------------------------------------------------------------
  // Closing

  /** A sampler holding a resource. */
  static final class CloseableSampler implements Sampler, AutoCloseable {
    final AtomicInteger closed = new AtomicInteger();

    @Override
    public SamplingDecision sample(Parent parent, long high, long low, String operationName) {
      return SamplingDecision.of(true);
    }

    @Override
    public void close() {
      closed.incrementAndGet();
    }
  }

  @Test
  void closingTheTracer_closesACloseableSamplerOnce() {
    CloseableSampler sampler = new CloseableSampler();
    tracer(sampler);
    tracer.close();
    tracer.close();
    assertThat(sampler.closed).hasValue(1);
  }

  @Test
  void closingTheTracer_closesACloseableSamplerInsideParentBased() {
    CloseableSampler sampler = new CloseableSampler();
    tracer(Sampler.parentBased(sampler));
    tracer.close();
    assertThat(sampler.closed).hasValue(1);
  }
}
