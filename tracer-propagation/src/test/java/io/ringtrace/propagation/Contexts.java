/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test contexts. */
final class Contexts {

  static final long HIGH = 0x4bf92f3577b34da6L;
  static final long LOW = 0xa3ce929d0e0e4736L;
  static final long SPAN = 0x00f067aa0ba902b7L;
  static final long PARENT = 0x05e3ac9a4f6e3b90L;

  private Contexts() {}

  static ExtractedContext context(int flags) {
    return ExtractedContext.create(HIGH, LOW, SPAN, PARENT, flags, null, null);
  }

  static ExtractedContext context(long high, long low, long span, long parent, int flags) {
    return ExtractedContext.create(high, low, span, parent, flags, null, null);
  }

  static ExtractedContext withTraceState(String traceState) {
    return ExtractedContext.create(HIGH, LOW, SPAN, 0, TraceFlags.SAMPLED, traceState, null);
  }

  /** A sampled context with baggage from key/value pairs. */
  static ExtractedContext withBaggage(String... keysAndValues) {
    Map<String, String> baggage = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) baggage.put(keysAndValues[i], keysAndValues[i + 1]);
    return ExtractedContext.create(
        HIGH, LOW, SPAN, PARENT, TraceFlags.SAMPLED, null, Collections.unmodifiableMap(baggage));
  }

  /** A string of {@code n} copies of {@code c}. */
  static String repeat(char c, int n) {
    char[] out = new char[n];
    java.util.Arrays.fill(out, c);
    return new String(out);
  }
}
