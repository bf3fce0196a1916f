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

  /**
   * {@code into} with every item of {@code from} added in order, a value of {@code from} winning
   * over one of {@code into} for the same key; an item that would pass the item or size limit is
   * left out.
   *
   * @return a new unmodifiable map; {@code into} or {@code from} itself when the other is empty
   */
  static Map<String, String> merge(
      Map<String, String> into, Map<String, String> from, SpanLimits limits) {
    if (from.isEmpty() || from == into) return into;
    if (into.isEmpty()) return from;
    Map<String, String> next = new LinkedHashMap<>(into);
    long chars = charCount(into);
    for (Map.Entry<String, String> e : from.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      String old = next.get(key);
      if (value.equals(old)) continue;
      if (old == null && next.size() + 1 > limits.maxBaggageItems) continue;
      long after = chars - (old == null ? 0 : key.length() + old.length()) + key.length()
          + value.length();
      if (after > limits.maxBaggageChars) continue;
      next.put(key, value);
      chars = after;
    }
    return Collections.unmodifiableMap(next);
  }

  private static long charCount(Map<String, String> baggage) {
    long n = 0;
    for (Map.Entry<String, String> e : baggage.entrySet()) {
      n += e.getKey().length() + e.getValue().length();
    }
    return n;
  }
}
