/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.opentracing.Span;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.TracerBuilder;
import io.ringtrace.core.report.ExportResult;
import io.ringtrace.core.report.InMemorySpanExporter;
import io.ringtrace.core.report.SpanExporter;
import io.ringtrace.core.report.SpanExporterProvider;
import io.ringtrace.core.sampler.JaegerRemoteSampler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every setting through an injected environment, checked by what the resulting tracer does.
 */
class EnvironmentConfigurationTest {

  /** A real provider, found by name like the HTTP module's; keeps what it was given. */
  static final class MemoryProvider implements SpanExporterProvider {
    final InMemorySpanExporter memory = InMemorySpanExporter.create();
    final Map<String, String> config = new HashMap<>();

    @Override
    public String name() {
      return "memory";
    }

    @Override
    public SpanExporter create(Map<String, String> settings) {
      config.putAll(settings);
      return memory;
    }
  }

  final MemoryProvider provider = new MemoryProvider();
  final Map<String, String> env = new HashMap<>();
  final Map<String, String> props = new HashMap<>();
  final List<RingtraceTracer> tracers = new ArrayList<>();
  EnvironmentConfiguration config;

  @AfterEach
  void close() {
    tracers.forEach(RingtraceTracer::close);
  }

  TracerBuilder builder() {
    config = new EnvironmentConfiguration(ConfigSource.of(env, props), () -> List.of(provider));
    return config.configure();
  }

  /** A tracer from the environment, exporting to memory unless the environment chose otherwise. */
  RingtraceTracer tracer() {
    env.putIfAbsent("OTEL_TRACES_EXPORTER", "memory");
    RingtraceTracer t = builder().build();
    tracers.add(t);
    return t;
  }

  List<FinishedSpan> exported(RingtraceTracer t) {
    assertThat(t.flush(Duration.ofSeconds(5))).isTrue();
    return provider.memory.finishedSpans();
  }

  int sampledOutOf(RingtraceTracer t, int roots) {
    int sampled = 0;
    for (int i = 0; i < roots; i++) {
      Span s = t.buildSpan("op").start();
      if (((io.ringtrace.core.RingtraceSpanContext) s.context()).isSampled()) sampled++;
      s.finish();
    }
    return sampled;
  }

  Map<String, String> injected(RingtraceTracer t) {
    Map<String, String> headers = new LinkedHashMap<>();
    Span s = t.buildSpan("client").start();
    s.setBaggageItem("k", "v");
    t.inject(s.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
    return headers;
  }

  // ---------------------------------------------------------------------------------------------
  // Identity

  @Test
  void serviceNameAndResourceAttributes_reachEveryExportedSpan() {
    env.put("OTEL_SERVICE_NAME", "checkout");
    env.put("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=prod,team=pay%20ments");
    RingtraceTracer t = tracer();
    t.buildSpan("op").start().finish();

    FinishedSpan f = exported(t).get(0);
    assertThat(f.resource().serviceName()).isEqualTo("checkout");
    assertThat(f.resource().tags())
        .containsExactly(entry("deployment.environment", "prod"), entry("team", "pay ments"));
  }

  @Test
  void serviceName_fallsBackToResourceAttributes_thenJaeger_thenTheDefault() {
    env.put("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-resource");
    env.put("JAEGER_SERVICE_NAME", "from-jaeger");
    assertThat(tracer().serviceName()).isEqualTo("from-resource");
    env.remove("OTEL_RESOURCE_ATTRIBUTES");
    assertThat(tracer().serviceName()).isEqualTo("from-jaeger");
    env.remove("JAEGER_SERVICE_NAME");
    assertThat(tracer().serviceName()).isEqualTo(EnvironmentConfiguration.DEFAULT_SERVICE_NAME);
  }

  @Test
  void systemProperties_winOverTheEnvironment() {
    env.put("OTEL_SERVICE_NAME", "env");
    props.put("otel.service.name", "property");
    assertThat(tracer().serviceName()).isEqualTo("property");
  }

  @Test
  void jaegerTags_becomeTracerTags_withEnvironmentReferencesResolved() {
    env.put("JAEGER_TAGS", "zone=eu-1,host=${HOSTNAME_FOR_TEST:unknown},pod=${POD_FOR_TEST}");
    env.put("POD_FOR_TEST", "pod-7");
    RingtraceTracer t = tracer();
    assertThat(t.resource().tags())
        .containsExactly(entry("zone", "eu-1"), entry("host", "unknown"), entry("pod", "pod-7"));
  }

  @Test
  void codeSettings_winOverTheEnvironment() {
    env.put("OTEL_SERVICE_NAME", "svc");
    env.put("OTEL_TRACES_SAMPLER", "always_off");
    env.put("OTEL_TRACES_EXPORTER", "memory");
    InMemorySpanExporter mine = InMemorySpanExporter.create();
    RingtraceTracer t =
        builder().sampler(io.ringtrace.core.sampler.Sampler.alwaysOn()).exporter(mine).build();
    tracers.add(t);
    t.buildSpan("op").start().finish();
    t.flush(Duration.ofSeconds(5));
    assertThat(mine.finishedSpans()).hasSize(1);
    assertThat(provider.memory.finishedSpans()).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // Sampling

  @Test
  void samplerAlwaysOffAndAlwaysOn_decideEveryRoot() {
    env.put("OTEL_TRACES_SAMPLER", "always_off");
    assertThat(sampledOutOf(tracer(), 100)).isZero();
    env.put("OTEL_TRACES_SAMPLER", "always_on");
    assertThat(sampledOutOf(tracer(), 100)).isEqualTo(100);
  }

  @Test
  void traceIdRatio_samplesThatFractionOfRoots() {
    env.put("OTEL_TRACES_SAMPLER", "traceidratio");
    env.put("OTEL_TRACES_SAMPLER_ARG", "0.25");
    int sampled = sampledOutOf(tracer(), 20_000);
    assertThat(sampled).isBetween(4_500, 5_500); // 0.25 +- ~7 sigma
  }

  @Test
  void parentBasedRatio_followsASampledParentWhateverTheRatio() {
    env.put("OTEL_TRACES_SAMPLER", "parentbased_traceidratio");
    env.put("OTEL_TRACES_SAMPLER_ARG", "0");
    RingtraceTracer t = tracer();
    Map<String, String> headers =
        Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    Span child =
        t.buildSpan("server")
            .asChildOf(t.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers)))
            .start();
    assertThat(((io.ringtrace.core.RingtraceSpanContext) child.context()).isSampled()).isTrue();
    assertThat(sampledOutOf(t, 100)).isZero();
  }

  @Test
  void rateLimiting_capsRootsPerSecond() {
    env.put("OTEL_TRACES_SAMPLER", "ratelimiting");
    env.put("OTEL_TRACES_SAMPLER_ARG", "5");
    // a burst of one second's worth at most, however many roots start at once
    assertThat(sampledOutOf(tracer(), 1_000)).isBetween(1, 10);
  }

  @Test
  void jaegerRemote_buildsARemoteSamplerWithTheGivenEndpoint_andTheTracerClosesIt() {
    env.put("OTEL_TRACES_SAMPLER", "jaeger_remote");
    env.put(
        "OTEL_TRACES_SAMPLER_ARG",
        "endpoint=http://127.0.0.1:1/sampling,pollingIntervalMs=60000,initialSamplingRate=1");
    builder();
    io.ringtrace.core.sampler.Sampler s = config.sampler("svc");
    assertThat(s).isInstanceOf(JaegerRemoteSampler.class);
    // the endpoint is down: the initial rate decides
    assertThat(s.sample(io.ringtrace.core.sampler.Sampler.Parent.NONE, 1, 1, "op").sampled()).isTrue();
    ((JaegerRemoteSampler) s).close();
    assertThat(config.problems()).isEmpty();
  }

  @Test
  void jaegerSamplerNames_areReadWhenTheOtelOnesAreAbsent() {
    env.put("JAEGER_SAMPLER_TYPE", "const");
    env.put("JAEGER_SAMPLER_PARAM", "0");
    assertThat(sampledOutOf(tracer(), 50)).isZero();
    env.put("JAEGER_SAMPLER_TYPE", "probabilistic");
    env.put("JAEGER_SAMPLER_PARAM", "1");
    assertThat(sampledOutOf(tracer(), 50)).isEqualTo(50);
    env.put("OTEL_TRACES_SAMPLER", "always_off"); // OTEL wins
    assertThat(sampledOutOf(tracer(), 50)).isZero();
  }

  @Test
  void jaegerRemoteType_usesTheManagerHostPort() {
    env.put("JAEGER_SAMPLER_TYPE", "remote");
    env.put("JAEGER_SAMPLER_MANAGER_HOST_PORT", "127.0.0.1:1");
    builder();
    io.ringtrace.core.sampler.Sampler s = config.sampler("svc");
    assertThat(s).isInstanceOf(JaegerRemoteSampler.class);
    assertThat(((JaegerRemoteSampler) s).requestUri())
        .hasToString("http://127.0.0.1:1/sampling?service=svc");
    ((JaegerRemoteSampler) s).close();
  }

  // ---------------------------------------------------------------------------------------------
  // Propagation

  @Test
  void defaultPropagation_isW3cTraceContextAndBaggage() {
    assertThat(injected(tracer())).containsOnlyKeys("traceparent", "baggage");
  }

  @Test
  void otelPropagators_chooseTheHeadersWritten() {
    env.put("OTEL_PROPAGATORS", "b3multi,jaeger");
    Map<String, String> headers = injected(tracer());
    assertThat(headers).containsKeys("X-B3-TraceId", "uber-trace-id", "uberctx-k");
    assertThat(headers).doesNotContainKey("traceparent");
  }

  @Test
  void jaegerPropagation_mapsToTheSameCodecs() {
    env.put("JAEGER_PROPAGATION", "jaeger,w3c");
    assertThat(injected(tracer())).containsKeys("uber-trace-id", "traceparent", "baggage");
  }

  @Test
  void propagatorsNone_writesNothing() {
    env.put("OTEL_PROPAGATORS", "none");
    assertThat(injected(tracer())).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // Export

  @Test
  void exporterSettings_reachTheProviderUnderTheirPropertyNames() {
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");
    props.put("otel.exporter.otlp.headers", "tenant=a");
    env.put("RINGTRACE_EXPORTER_OTLP_MAX_ATTEMPTS", "2");
    RingtraceTracer t = tracer();
    t.buildSpan("op").start().finish();

    assertThat(exported(t)).hasSize(1);
    assertThat(provider.config)
        .containsEntry("otel.exporter.otlp.endpoint", "http://collector:4318")
        .containsEntry("otel.exporter.otlp.headers", "tenant=a")
        .containsEntry("ringtrace.exporter.otlp.max.attempts", "2");
  }

  @Test
  void exporterNone_discards_andConsoleIsBuiltIn() {
    env.put("OTEL_TRACES_EXPORTER", "none");
    RingtraceTracer t = tracer();
    t.buildSpan("op").start().finish();
    assertThat(exported(t)).isEmpty();
    assertThat(t.metrics().spansExported()).isEqualTo(1); // accepted and discarded
    env.put("OTEL_TRACES_EXPORTER", "console");
    builder();
    assertThat(config.exporter()).isInstanceOf(io.ringtrace.core.report.ConsoleSpanExporter.class);
  }

  @Test
  void aConfiguredExporterWhoseModuleIsMissing_startsTheTracerWithoutExporting() {
    env.put("OTEL_TRACES_EXPORTER", "zipkin");
    RingtraceTracer t = tracer(); // our provider list has no zipkin
    t.buildSpan("op").start().finish();
    assertThat(t.flush(Duration.ofSeconds(5))).isTrue();
    assertThat(provider.memory.finishedSpans()).isEmpty();
  }

  @Test
  void sdkDisabled_recordsNothing_butStillPropagates() {
    env.put("OTEL_SDK_DISABLED", "true");
    RingtraceTracer t = tracer();
    assertThat(sampledOutOf(t, 10)).isZero();
    assertThat(exported(t)).isEmpty();
    assertThat(injected(t)).containsKey("traceparent");
  }

  @Test
  void queueSize_boundsWhatWaits_whileTheExporterHangs() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    SpanExporter hung =
        new SpanExporter() {
          @Override
          public ExportResult export(List<FinishedSpan> spans) {
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return ExportResult.success();
          }

          @Override
          public void shutdown() {}
        };
    env.put("OTEL_BSP_MAX_QUEUE_SIZE", "16");
    env.put("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "4");
    env.put("OTEL_BSP_SCHEDULE_DELAY", "10");
    RingtraceTracer t = builder().exporter(hung).build();
    tracers.add(t);
    for (int i = 0; i < 1_000; i++) t.buildSpan("op").start().finish();
    io.ringtrace.core.report.ReporterMetrics m = t.metrics();
    release.countDown();

    assertThat(m.queued() + m.inFlight()).isLessThanOrEqualTo(16 + 4);
    assertThat(m.droppedQueueFull()).isGreaterThanOrEqualTo(1_000 - 16 - 4);
  }

  @Test
  void spanLimits_comeFromTheOtelNames() {
    env.put("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "2");
    env.put("OTEL_SPAN_EVENT_COUNT_LIMIT", "1");
    env.put("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "3");
    RingtraceTracer t = tracer();
    t.buildSpan("op").withTag("a", "abcdef").withTag("b", 1).withTag("c", 2).start()
        .log("x").log("y").finish();

    FinishedSpan f = exported(t).get(0);
    assertThat(f.tags()).containsExactly(entry("a", "abc"), entry("b", 1));
    assertThat(f.droppedTagsCount()).isEqualTo(1);
    assertThat(f.logs()).hasSize(1);
  }

  // ---------------------------------------------------------------------------------------------
  // Invalid values: reported with the name and value, the default used, the tracer starts

  @Test
  void ratioOutOfRange_isReported_andTheDefaultRatioUsed() {
    env.put("OTEL_TRACES_SAMPLER", "traceidratio");
    env.put("OTEL_TRACES_SAMPLER_ARG", "1.5");
    assertThat(sampledOutOf(tracer(), 100)).isEqualTo(100); // default ratio 1.0
    assertThat(config.problems()).singleElement().asString()
        .contains("OTEL_TRACES_SAMPLER_ARG").contains("'1.5'");
  }

  @Test
  void unparsableDuration_isReported_andTheTracerStarts() {
    env.put("OTEL_BSP_SCHEDULE_DELAY", "soon");
    RingtraceTracer t = tracer();
    t.buildSpan("op").start().finish();
    assertThat(exported(t)).hasSize(1);
    assertThat(config.problems()).singleElement().asString()
        .contains("OTEL_BSP_SCHEDULE_DELAY").contains("'soon'");
  }

  @Test
  void unknownSampler_isReported_andParentBasedAlwaysOnUsed() {
    env.put("OTEL_TRACES_SAMPLER", "sometimes");
    assertThat(sampledOutOf(tracer(), 10)).isEqualTo(10);
    assertThat(config.problems()).singleElement().asString()
        .contains("OTEL_TRACES_SAMPLER").contains("'sometimes'");
  }

  @Test
  void unknownPropagator_isReported_andTheOthersKept() {
    env.put("OTEL_PROPAGATORS", "tracecontext,xray");
    assertThat(injected(tracer())).containsOnlyKeys("traceparent");
    assertThat(config.problems()).singleElement().asString()
        .contains("OTEL_PROPAGATORS").contains("'xray'");
  }

  @Test
  void malformedHeaderList_isReportedWithoutItsSecret() {
    env.put("OTEL_RESOURCE_ATTRIBUTES", "novalue");
    tracer();
    assertThat(config.problems()).singleElement().asString().contains("OTEL_RESOURCE_ATTRIBUTES");
  }

  @Test
  void endpointThatIsNotAUrl_isReported_andTheDefaultSamplerUsed() {
    env.put("OTEL_TRACES_SAMPLER", "jaeger_remote");
    env.put("OTEL_TRACES_SAMPLER_ARG", "endpoint=not a url");
    assertThat(sampledOutOf(tracer(), 10)).isEqualTo(10);
    assertThat(config.problems()).singleElement().asString()
        .contains("OTEL_TRACES_SAMPLER_ARG").contains("not a url");
  }

  @Test
  void batchLargerThanTheQueue_isReported_andTheTracerStarts() {
    env.put("OTEL_BSP_MAX_QUEUE_SIZE", "8");
    env.put("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "64");
    RingtraceTracer t = tracer();
    t.buildSpan("op").start().finish();
    assertThat(exported(t)).hasSize(1);
    assertThat(config.problems()).singleElement().asString().contains("OTEL_BSP_MAX_EXPORT_BATCH_SIZE");
  }

  @Test
  void unsupportedJaegerSettings_areNamed() {
    env.put("JAEGER_AGENT_HOST", "localhost");
    env.put("JAEGER_TRACEID_128BIT", "false");
    env.put("JAEGER_REPORTER_LOG_SPANS", "true");
    env.remove("OTEL_TRACES_EXPORTER");
    builder();
    assertThat(config.unsupported()).hasSize(3);
    assertThat(String.join("\n", config.unsupported()))
        .contains("JAEGER_AGENT_HOST")
        .contains("JAEGER_TRACEID_128BIT")
        .contains("JAEGER_REPORTER_LOG_SPANS");
  }
}
