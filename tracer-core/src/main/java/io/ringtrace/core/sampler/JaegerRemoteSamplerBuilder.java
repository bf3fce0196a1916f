/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Configures a {@link JaegerRemoteSampler}; obtain one from {@link Sampler#jaegerRemote(String)}.
 *
 * <pre>{@code
 * Sampler sampler = Sampler.jaegerRemote("checkout")
 *     .endpoint("http://jaeger-agent:5778/sampling")
 *     .pollingInterval(Duration.ofMinutes(1))
 *     .initialSampler(Sampler.traceIdRatio(0.001))
 *     .build();
 * }</pre>
 *
 * Setters validate their argument and throw {@link IllegalArgumentException} or {@link
 * NullPointerException} naming it. Not thread-safe. Each {@link #build()} starts a new polling
 * thread.
 */
public final class JaegerRemoteSamplerBuilder {

  /** Default {@link #endpoint(String)}, where a Jaeger agent or a Collector serves: {@value}. */
  public static final String DEFAULT_ENDPOINT = "http://localhost:5778/sampling";

  /** Default {@link #pollingInterval(Duration)}: one minute, as in the Jaeger clients. */
  public static final Duration DEFAULT_POLLING_INTERVAL = Duration.ofMinutes(1);

  /** Default {@link #requestTimeout(Duration)}: five seconds. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

  /** Default ratio of the {@link #initialSampler(Sampler) initial sampler}: {@value}. */
  public static final double DEFAULT_INITIAL_RATIO = 0.001;

  private final String serviceName;
  private URI endpoint = URI.create(DEFAULT_ENDPOINT);
  private Duration pollingInterval = DEFAULT_POLLING_INTERVAL;
  private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
  private Sampler initialSampler;
  private int maxOperations = PerOperationSamplerBuilder.DEFAULT_MAX_OPERATIONS;
  private LongSupplier nanoTime = System::nanoTime;
  private boolean pollAutomatically = true;

  JaegerRemoteSamplerBuilder(String serviceName) {
    if (serviceName == null) throw new NullPointerException("serviceName == null");
    if (serviceName.trim().isEmpty()) {
      throw new IllegalArgumentException("serviceName is empty: '" + serviceName + "'");
    }
    this.serviceName = serviceName;
  }

  /**
   * The sampling endpoint, an {@code http} or {@code https} URL; {@code ?service=<name>} is
   * appended. Default {@value #DEFAULT_ENDPOINT}.
   */
  public JaegerRemoteSamplerBuilder endpoint(String endpoint) {
    if (endpoint == null) throw new NullPointerException("endpoint == null");
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("endpoint is not a URL: '" + endpoint + "'", e);
    }
    String scheme = uri.getScheme();
    if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
        || uri.getHost() == null
        || uri.getFragment() != null) {
      throw new IllegalArgumentException(
          "endpoint must be an http or https URL with a host and no fragment: '" + endpoint + "'");
    }
    this.endpoint = uri;
    return this;
  }

  /** The time between two polls (each spread by ±10%). Default one minute. */
  public JaegerRemoteSamplerBuilder pollingInterval(Duration pollingInterval) {
    this.pollingInterval = positive(pollingInterval, "pollingInterval");
    return this;
  }

  /** How long one poll may take before it counts as failed. Default five seconds. */
  public JaegerRemoteSamplerBuilder requestTimeout(Duration requestTimeout) {
    this.requestTimeout = positive(requestTimeout, "requestTimeout");
    return this;
  }

  /**
   * Decides trace roots until the first strategy arrives, and for as long as none does. Default
   * {@code Sampler.traceIdRatio(0.001)}.
   */
  public JaegerRemoteSamplerBuilder initialSampler(Sampler initialSampler) {
    if (initialSampler == null) throw new NullPointerException("initialSampler == null");
    this.initialSampler = initialSampler;
    return this;
  }

  /**
   * The most operations a per-operation strategy tracks. Default {@value
   * PerOperationSamplerBuilder#DEFAULT_MAX_OPERATIONS}.
   */
  public JaegerRemoteSamplerBuilder maxOperations(int maxOperations) {
    if (maxOperations < 0) {
      throw new IllegalArgumentException("maxOperations must be >= 0: " + maxOperations);
    }
    this.maxOperations = maxOperations;
    return this;
  }

  /** For tests: the clock of the rate limiters of the strategies. */
  JaegerRemoteSamplerBuilder nanoTime(LongSupplier nanoTime) {
    if (nanoTime == null) throw new NullPointerException("nanoTime == null");
    this.nanoTime = nanoTime;
    return this;
  }

  /** For tests: false leaves polling to explicit calls of {@code pollNow()}. */
  JaegerRemoteSamplerBuilder pollAutomatically(boolean pollAutomatically) {
    this.pollAutomatically = pollAutomatically;
    return this;
  }

  /** A new sampler; starts polling at once, on its own daemon thread. */
  public JaegerRemoteSampler build() {
    Sampler initial =
        initialSampler != null ? initialSampler : Sampler.traceIdRatio(DEFAULT_INITIAL_RATIO);
    return new JaegerRemoteSampler(
        serviceName,
        requestUri(endpoint, serviceName),
        pollingInterval,
        requestTimeout,
        initial,
        maxOperations,
        nanoTime,
        pollAutomatically);
  }

  static URI requestUri(URI endpoint, String serviceName) {
    String s = endpoint.toString();
    String service = "service=" + URLEncoder.encode(serviceName, StandardCharsets.UTF_8);
    return URI.create(s + (endpoint.getRawQuery() == null ? '?' : '&') + service);
  }

  private static Duration positive(Duration d, String name) {
    if (d == null) throw new NullPointerException(name + " == null");
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
    try {
      d.toNanos();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(name + " is too long: " + d, e);
    }
    return d;
  }
}
