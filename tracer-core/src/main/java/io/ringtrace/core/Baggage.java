/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Copy-on-write updates of a context's baggage under the {@link SpanLimits}. */
final class Baggage {

  private Baggage() {}

  /**
   * {@code baggage} with {@code key} set to {@code value} ({@code null} removes it).
   *
   * @return a new unmodifiable map; {@code baggage} itself when nothing changes; {@code null}
   *     when the item would pass the item or size limit
   */
  static Map<String, String> with(
      Map<String, String> baggage, String key, String value, SpanLimits limits) {
    String old = baggage.get(key);
    if (value == null ? old == null : value.equals(old)) return baggage;
    if (value != null) {
      int items = baggage.size() + (old == null ? 1 : 0);
      if (items > limits.maxBaggageItems) return null;
      long chars = charCount(baggage) - (old == null ? 0 : key.length() + old.length());
      if (chars + key.length() + value.length() > limits.maxBaggageChars) return null;
    }
    Map<String, String> next = new LinkedHashMap<>(baggage);
    if (value == null) {
      next.remove(key);
    } else {
      next.put(key, value);
    }
    return next.isEmpty() ? Collections.emptyMap() : Collections.unmodifiableMap(next);
  }

  private static long charCount(Map<String, String> baggage) {
    long n = 0;
    for (Map.Entry<String, String> e : baggage.entrySet()) {
      n += e.getKey().length() + e.getValue().length();
    }
    return n;
  }
}
