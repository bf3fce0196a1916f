/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A sampling strategy as served by a Jaeger remote sampling endpoint, validated. Immutable value;
 * equal strategies make equal samplers, which lets the remote sampler keep its current one (and
 * its rate limiters' state) when a poll brings nothing new.
 *
 * <p>The JSON is the Jaeger {@code SamplingStrategyResponse}, camel case:
 *
 * <pre>{@code
 * {"strategyType": "PROBABILISTIC",            // or "RATE_LIMITING", or 0 / 1
 *  "probabilisticSampling": {"samplingRate": 0.01},
 *  "rateLimitingSampling": {"maxTracesPerSecond": 10},
 *  "operationSampling": {
 *    "defaultSamplingProbability": 0.001,
 *    "defaultLowerBoundTracesPerSecond": 0.0166,
 *    "defaultUpperBoundTracesPerSecond": 100,   // accepted and ignored, as the Jaeger clients do
 *    "perOperationStrategies": [
 *      {"operation": "GET /home", "probabilisticSampling": {"samplingRate": 0.1}}]}}
 * }</pre>
 *
 * <p>Which strategy applies: {@code operationSampling} when it lists at least one operation
 * (per-operation); otherwise {@code strategyType}; without {@code strategyType}, the one of {@code
 * probabilisticSampling} and {@code rateLimitingSampling} that is present. Numbers missing inside a
 * strategy object are zero, since protobuf's JSON leaves out zero values. Everything else is
 * strict: a field of the wrong type, a probability outside [0, 1], a negative or infinite rate,
 * an unknown strategy type or no strategy at all rejects the whole response. Unknown fields are
 * ignored.
 */
final class SamplingStrategy {

  enum Type {
    PROBABILISTIC,
    RATE_LIMITING,
    PER_OPERATION
  }

  /** Why a response does not hold a usable strategy. */
  static final class InvalidStrategyException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidStrategyException(String message) {
      super(message, null, false, false);
    }
  }

  final Type type;
  final double samplingRate; // PROBABILISTIC
  final double maxTracesPerSecond; // RATE_LIMITING
  final double defaultSamplingProbability; // PER_OPERATION, and the next three
  final double defaultLowerBoundTracesPerSecond;
  final double defaultUpperBoundTracesPerSecond;
  final Map<String, Double> operations; // unmodifiable, in response order

  private SamplingStrategy(
      Type type,
      double samplingRate,
      double maxTracesPerSecond,
      double defaultSamplingProbability,
      double defaultLowerBoundTracesPerSecond,
      double defaultUpperBoundTracesPerSecond,
      Map<String, Double> operations) {
    this.type = type;
    this.samplingRate = samplingRate;
    this.maxTracesPerSecond = maxTracesPerSecond;
    this.defaultSamplingProbability = defaultSamplingProbability;
    this.defaultLowerBoundTracesPerSecond = defaultLowerBoundTracesPerSecond;
    this.defaultUpperBoundTracesPerSecond = defaultUpperBoundTracesPerSecond;
    this.operations = operations;
  }

  static SamplingStrategy probabilistic(double samplingRate) {
    return new SamplingStrategy(
        Type.PROBABILISTIC, samplingRate, 0, 0, 0, 0, Collections.emptyMap());
  }

  static SamplingStrategy rateLimiting(double maxTracesPerSecond) {
    return new SamplingStrategy(
        Type.RATE_LIMITING, 0, maxTracesPerSecond, 0, 0, 0, Collections.emptyMap());
  }

  /** Parses and validates a response body. */
  static SamplingStrategy parse(String json) throws InvalidStrategyException {
    Object root;
    try {
      root = Json.parse(json);
    } catch (Json.JsonException e) {
      throw new InvalidStrategyException("not JSON: " + e.getMessage());
    }
    Map<String, Object> response = object(root, "the response");

    Map<String, Object> operationSampling = optionalObject(response, "operationSampling");
    if (operationSampling != null) {
      List<Object> list = optionalArray(operationSampling, "perOperationStrategies");
      if (list != null && !list.isEmpty()) return perOperation(operationSampling, list);
    }

    Map<String, Object> probabilistic = optionalObject(response, "probabilisticSampling");
    Map<String, Object> rateLimiting = optionalObject(response, "rateLimitingSampling");
    Type type = strategyType(response.get("strategyType"));
    if (type == null) {
      if (probabilistic != null) {
        type = Type.PROBABILISTIC;
      } else if (rateLimiting != null) {
        type = Type.RATE_LIMITING;
      } else {
        throw new InvalidStrategyException("no strategy in the response");
      }
    }
    if (type == Type.PROBABILISTIC) {
      if (probabilistic == null) {
        throw new InvalidStrategyException(
            "strategyType PROBABILISTIC without probabilisticSampling");
      }
      return probabilistic(probability(probabilistic, "samplingRate"));
    }
    if (rateLimiting == null) {
      throw new InvalidStrategyException("strategyType RATE_LIMITING without rateLimitingSampling");
    }
    return rateLimiting(rate(rateLimiting, "maxTracesPerSecond"));
  }

  private static SamplingStrategy perOperation(Map<String, Object> sampling, List<Object> list)
      throws InvalidStrategyException {
    double defaultProbability = probability(sampling, "defaultSamplingProbability");
    double lowerBound = rate(sampling, "defaultLowerBoundTracesPerSecond");
    double upperBound = rate(sampling, "defaultUpperBoundTracesPerSecond");
    Map<String, Double> operations = new LinkedHashMap<>();
    for (Object element : list) {
      Map<String, Object> strategy = object(element, "an element of perOperationStrategies");
      Object name = strategy.get("operation");
      if (!(name instanceof String)) {
        throw new InvalidStrategyException("perOperationStrategies: 'operation' is not a string");
      }
      Map<String, Object> probabilistic = optionalObject(strategy, "probabilisticSampling");
      double rate = probabilistic == null ? 0.0 : probability(probabilistic, "samplingRate");
      operations.put((String) name, rate); // a repeated name: the later entry wins
    }
    return new SamplingStrategy(
        Type.PER_OPERATION,
        0,
        0,
        defaultProbability,
        lowerBound,
        upperBound,
        Collections.unmodifiableMap(operations));
  }

  private static Type strategyType(Object value) throws InvalidStrategyException {
    if (value == null || value == Json.NULL) return null;
    if ("PROBABILISTIC".equals(value) || Double.valueOf(0).equals(value)) {
      return Type.PROBABILISTIC;
    }
    if ("RATE_LIMITING".equals(value) || Double.valueOf(1).equals(value)) {
      return Type.RATE_LIMITING;
    }
    throw new InvalidStrategyException("unknown strategyType " + abbreviate(value));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value, String what)
      throws InvalidStrategyException {
    if (value instanceof Map) return (Map<String, Object>) value;
    throw new InvalidStrategyException(what + " is not an object");
  }

  /** The object under {@code name}; null when absent or JSON null. */
  private static Map<String, Object> optionalObject(Map<String, Object> parent, String name)
      throws InvalidStrategyException {
    Object value = parent.get(name);
    if (value == null || value == Json.NULL) return null;
    return object(value, "'" + name + "'");
  }

  @SuppressWarnings("unchecked")
  private static List<Object> optionalArray(Map<String, Object> parent, String name)
      throws InvalidStrategyException {
    Object value = parent.get(name);
    if (value == null || value == Json.NULL) return null;
    if (value instanceof List) return (List<Object>) value;
    throw new InvalidStrategyException("'" + name + "' is not an array");
  }

  /** A number under {@code name}, zero when absent. */
  private static double number(Map<String, Object> parent, String name)
      throws InvalidStrategyException {
    Object value = parent.get(name);
    if (value == null || value == Json.NULL) return 0.0;
    if (value instanceof Double) return (Double) value;
    throw new InvalidStrategyException("'" + name + "' is not a number: " + abbreviate(value));
  }

  private static double probability(Map<String, Object> parent, String name)
      throws InvalidStrategyException {
    double p = number(parent, name);
    if (!(p >= 0.0 && p <= 1.0)) {
      throw new InvalidStrategyException("'" + name + "' is not in [0, 1]: " + p);
    }
    return p;
  }

  private static double rate(Map<String, Object> parent, String name)
      throws InvalidStrategyException {
    double r = number(parent, name);
    if (!(r >= 0.0) || Double.isInfinite(r)) {
      throw new InvalidStrategyException("'" + name + "' is negative or infinite: " + r);
    }
    return r;
  }

  private static String abbreviate(Object value) {
    String s = String.valueOf(value);
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  /** A new sampler for this strategy, with {@code nanoTime} for its rate limiters. */
  Sampler toSampler(int maxOperations, LongSupplier nanoTime) {
    switch (type) {
      case PROBABILISTIC:
        return TraceIdRatioSampler.create(samplingRate);
      case RATE_LIMITING:
        return RateLimitingSampler.create(
            maxTracesPerSecond, RateLimitingSampler.defaultBurst(maxTracesPerSecond), nanoTime);
      default:
        PerOperationSamplerBuilder b =
            new PerOperationSamplerBuilder()
                .defaultRatio(defaultSamplingProbability)
                .lowerBound(defaultLowerBoundTracesPerSecond)
                .maxOperations(maxOperations);
        for (Map.Entry<String, Double> e : operations.entrySet()) {
          b.operation(e.getKey(), e.getValue());
        }
        return b.build(nanoTime);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof SamplingStrategy)) return false;
    SamplingStrategy that = (SamplingStrategy) o;
    return type == that.type
        && same(samplingRate, that.samplingRate)
        && same(maxTracesPerSecond, that.maxTracesPerSecond)
        && same(defaultSamplingProbability, that.defaultSamplingProbability)
        && same(defaultLowerBoundTracesPerSecond, that.defaultLowerBoundTracesPerSecond)
        && same(defaultUpperBoundTracesPerSecond, that.defaultUpperBoundTracesPerSecond)
        && operations.equals(that.operations);
  }

  private static boolean same(double a, double b) {
    return Double.compare(a, b) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        type,
        samplingRate,
        maxTracesPerSecond,
        defaultSamplingProbability,
        defaultLowerBoundTracesPerSecond,
        defaultUpperBoundTracesPerSecond,
        operations);
  }

  @Override
  public String toString() {
    switch (type) {
      case PROBABILISTIC:
        return "probabilistic " + samplingRate;
      case RATE_LIMITING:
        return "rate limiting " + maxTracesPerSecond + "/s";
      default:
        return "per operation, default "
            + defaultSamplingProbability
            + ", lower bound "
            + defaultLowerBoundTracesPerSecond
            + "/s, "
            + operations.size()
            + " operations";
    }
  }
}
