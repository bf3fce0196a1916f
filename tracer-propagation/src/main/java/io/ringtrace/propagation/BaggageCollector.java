/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects baggage items under a limit of members and of bytes, keeping whole members only: an
 * item that does not fit is dropped, never cut. A repeated key replaces the earlier item's value (when
 * the new one fits), keeping its place. One instance per extraction; not thread-safe.
 *
 * <p>Sizes are measured on the wire form Ringtrace would write back: {@code key=} plus the
 * encoded value plus the properties, and one comma between members.
 */
final class BaggageCollector {

  /** See {@link #readBudget(int)}. */
  static final int READ_FACTOR = 4;

  private final int maxMembers;
  private final int maxBytes;
  private final long[] valueMask;
  private LinkedHashMap<String, String> values;
  private Map<String, String> properties;
  private int bytes;
  private int readBudget;

  BaggageCollector(int maxMembers, int maxBytes, long[] valueMask) {
    this.maxMembers = maxMembers;
    this.maxBytes = maxBytes;
    this.valueMask = valueMask;
    this.readBudget = readBudget(maxBytes);
  }

  /**
   * The most characters of baggage read in one extraction, over all its headers: {@value
   * #READ_FACTOR} times the byte limit, room for whitespace, percent-escapes and members dropped
   * on the way, while a header of any size costs at most that much to read.
   */
  static int readBudget(int maxBytes) {
    return (int) Math.min(Integer.MAX_VALUE, (long) READ_FACTOR * maxBytes);
  }

  /**
   * Takes up to {@code length} characters out of the read budget.
   *
   * @return how many of the {@code length} characters may be read
   */
  int takeReadBudget(int length) {
    int granted = Math.min(length, readBudget);
    readBudget -= granted;
    return granted;
  }

  /**
   * True when a value of {@code encodedLength} characters as received cannot fit, whatever it
   * decodes to (three characters decode to one at most, which re-encodes to one at least).
   */
  boolean cannotFit(int encodedLength) {
    return encodedLength / 3 > maxBytes;
  }

  /** Adds an item; answers whether it was kept. */
  boolean add(String key, String value, String props) {
    int size = size(key, value, props);
    String old = values == null ? null : values.get(key);
    int oldSize = old == null ? 0 : size(key, old, properties == null ? null : properties.get(key));
    int count = values == null ? 0 : values.size();
    int after = old == null ? bytes + (count > 0 ? 1 : 0) + size : bytes - oldSize + size;
    if ((old == null && count >= maxMembers) || after > maxBytes) return false;
    if (values == null) values = new LinkedHashMap<>();
    values.put(key, value);
    if (props != null) {
      if (properties == null) properties = new HashMap<>();
      properties.put(key, props);
    } else if (properties != null) {
      properties.remove(key);
    }
    bytes = after;
    return true;
  }

  private int size(String key, String value, String props) {
    return key.length() + 1 + Percent.encodedLength(value, valueMask)
        + (props == null ? 0 : props.length());
  }

  /** The items collected: {@code null} when none, else an unmodifiable map. */
  Map<String, String> build() {
    if (values == null || values.isEmpty()) return null;
    if (properties == null || properties.isEmpty()) return Collections.unmodifiableMap(values);
    return new BaggageItems(values, properties);
  }
}
