/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Configures a per-operation sampler; obtain one from {@link Sampler#perOperation()}.
 *
 * <pre>{@code
 * Sampler sampler = Sampler.parentBased(
 *     Sampler.perOperation()
 *         .defaultRatio(0.001)
 *         .lowerBound(1.0 / 60)           // at least one trace a minute per operation
 *         .operation("GET /health", 0.0)  // only the lower bound
 *         .operation("POST /checkout", 0.1)
 *         .build());
 * }</pre>
 *
 * Each operation, listed or not, is decided by its ratio with the {@linkplain
 * Sampler#traceIdRatio(double) trace id rule}; when the ratio says no, the operation's lower bound
 * may still say yes. At most {@link #maxOperations(int) maxOperations} operations are tracked;
 * beyond that the default ratio decides alone. Not thread-safe; {@link #build()} may be called
 * more than once.
 */
public final class PerOperationSamplerBuilder {

  /** Default {@link #defaultRatio(double)}, the Jaeger clients' default: {@value}. */
  public static final double DEFAULT_RATIO = 0.001;

  /** Default {@link #lowerBound(double)}: {@value} (no lower bound). */
  public static final double DEFAULT_LOWER_BOUND = 0.0;

  /** Default {@link #maxOperations(int)}, the Jaeger clients' default: {@value}. */
  public static final int DEFAULT_MAX_OPERATIONS = 2000;

  private final Map<String, Double> ratios = new LinkedHashMap<>();
  private double defaultRatio = DEFAULT_RATIO;
  private double lowerBound = DEFAULT_LOWER_BOUND;
  private int maxOperations = DEFAULT_MAX_OPERATIONS;

  PerOperationSamplerBuilder() {}

  /** The ratio of operations that are not listed. Default {@value #DEFAULT_RATIO}. */
  public PerOperationSamplerBuilder defaultRatio(double ratio) {
    this.defaultRatio = Samplers.checkRatio(ratio, "defaultRatio");
    return this;
  }

  /**
   * The least number of traces per second sampled for each tracked operation, whatever its ratio;
   * fractions allowed (1.0 / 60 is one a minute). Default {@value #DEFAULT_LOWER_BOUND}: none.
   */
  public PerOperationSamplerBuilder lowerBound(double tracesPerSecond) {
    this.lowerBound = Samplers.checkRate(tracesPerSecond, "lowerBound");
    return this;
  }

  /**
   * The ratio of {@code operationName}; a later call for the same name replaces it. Names
   * longer than 256 characters are ignored (the default ratio decides for them).
   */
  public PerOperationSamplerBuilder operation(String operationName, double ratio) {
    if (operationName == null) throw new NullPointerException("operationName == null");
    ratios.put(operationName, Samplers.checkRatio(ratio, "ratio of '" + operationName + "'"));
    return this;
  }

  /**
   * The most operations tracked, listed ones included (the first listed are kept if there are
   * more). Default {@value #DEFAULT_MAX_OPERATIONS}.
   */
  public PerOperationSamplerBuilder maxOperations(int maxOperations) {
    if (maxOperations < 0) {
      throw new IllegalArgumentException("maxOperations must be >= 0: " + maxOperations);
    }
    this.maxOperations = maxOperations;
    return this;
  }

  /** A new sampler with this configuration. */
  public Sampler build() {
    return build(System::nanoTime);
  }

  /** For tests and the remote sampler: the clock of the lower-bound rate limiters. */
  Sampler build(LongSupplier nanoTime) {
    return new PerOperationSampler(
        defaultRatio, lowerBound, new LinkedHashMap<>(ratios), maxOperations, nanoTime);
  }
}
