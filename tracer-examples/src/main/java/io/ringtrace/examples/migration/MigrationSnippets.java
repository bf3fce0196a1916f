/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.examples.migration;

import io.opentracing.util.GlobalTracer;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.sampler.Sampler;
import io.ringtrace.propagation.Propagator;
import io.ringtrace.propagation.Propagators;
import io.ringtrace.reporter.http.OtlpHttpSpanExporter;
import java.time.Duration;

/**
 * The code of docs/migrating-from-jaeger.md, compiled with the project and exercised by its
 * tests, so that what the guide shows keeps working. Each method is one step of a move from the
 * Jaeger client ({@code io.jaegertracing:jaeger-client}) to Ringtrace.
 */
public final class MigrationSnippets {

  private MigrationSnippets() {}

  /**
   * What replaces {@code new JaegerTracer.Builder("checkout").withSampler(...).withReporter(...)
   * .build()}: a tracer built in code, exporting over OTLP/HTTP to a Jaeger collector (port 4318,
   * path {@code /v1/traces}), with both wire formats during the rollout.
   *
   * @param collectorTracesEndpoint e.g. {@code http://jaeger-collector:4318/v1/traces}
   */
  public static RingtraceTracer tracerInCode(String collectorTracesEndpoint) {
    return Ringtrace.builder("checkout")
        .tag("region", "eu-west-1") // was: .withTag("region", "eu-west-1")
        .sampler(Sampler.parentBased(Sampler.traceIdRatio(0.01))) // was: ProbabilisticSampler
        .propagator(mixedRolloutPropagator())
        .exporter(
            OtlpHttpSpanExporter.builder()
                .endpoint(collectorTracesEndpoint)
                .timeout(Duration.ofSeconds(10))
                .build())
        .maxQueueSize(2048) // was: .withMaxQueueSize(...) on the RemoteReporter
        .scheduleDelay(Duration.ofSeconds(1)) // was: .withFlushInterval(1000)
        .build();
  }

  /** As before: register the tracer once at startup; the instrumentation stays untouched. */
  public static void registerGlobally(RingtraceTracer tracer) {
    GlobalTracer.registerIfAbsent(tracer);
  }

  /**
   * While part of the fleet still runs the Jaeger client: inject both {@code traceparent} (and
   * {@code baggage}) and {@code uber-trace-id} (and {@code uberctx-*}), extract either. W3C first,
   * so that when a request carries both, the W3C context wins.
   */
  public static Propagator mixedRolloutPropagator() {
    return Propagators.composite(
        Propagators.traceContext(), // what the fleet moves to
        Propagators.baggage(),
        Propagators.jaeger()); // what the Jaeger clients still read and write
  }

  /** Once no Jaeger client is left: W3C Trace Context and Baggage only, the default. */
  public static Propagator afterTheRollout() {
    return Propagators.defaults();
  }

  /** Jaeger's {@code ConstSampler(true)} / {@code JAEGER_SAMPLER_TYPE=const}, param 1. */
  public static Sampler constSampler(boolean sampleAll) {
    return Sampler.parentBased(sampleAll ? Sampler.alwaysOn() : Sampler.alwaysOff());
  }

  /** Jaeger's {@code ProbabilisticSampler(ratio)} / {@code JAEGER_SAMPLER_TYPE=probabilistic}. */
  public static Sampler probabilisticSampler(double ratio) {
    return Sampler.parentBased(Sampler.traceIdRatio(ratio));
  }

  /** Jaeger's {@code RateLimitingSampler(n)} / {@code JAEGER_SAMPLER_TYPE=ratelimiting}. */
  public static Sampler rateLimitingSampler(double tracesPerSecond) {
    return Sampler.parentBased(Sampler.rateLimiting(tracesPerSecond));
  }

  /**
   * Jaeger's {@code RemoteControlledSampler} / {@code JAEGER_SAMPLER_TYPE=remote}: polls the
   * sampling endpoint (the Jaeger agent's {@code :5778/sampling}, or the collector's
   * {@code :14268/api/sampling}) for the service's strategy.
   */
  public static Sampler remoteSampler(String serviceName, String samplingEndpoint) {
    return Sampler.jaegerRemote(serviceName)
        .endpoint(samplingEndpoint)
        .pollingInterval(Duration.ofMinutes(1))
        .initialSampler(Sampler.traceIdRatio(0.001))
        .build();
  }
}
