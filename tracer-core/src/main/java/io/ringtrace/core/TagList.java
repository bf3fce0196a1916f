/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Tags as a flat key/value array in insertion order; setting a key again overwrites its value.
 * Not thread-safe: the owning builder or span guards it.
 *
 * <p>The span builder and the span both extend this class instead of holding a list: one object
 * less per span, and {@link #adoptTags} hands the builder's array to the span, so tags given at
 * start are never copied.
 */
abstract class TagList {

  private static final int INITIAL_CAPACITY = 8; // slots: 4 tags before the first growth

  Object[] keyValues; // null until the first tag
  int size; // number of tags
  int dropped; // tags refused at the limit

  /** Takes over {@code other}'s tags (its array, not a copy). */
  final void adoptTags(TagList other) {
    keyValues = other.keyValues;
    size = other.size;
    dropped = other.dropped;
  }

  /** Sets {@code key}; refuses a new key when {@code limit} tags are already set. */
  final void put(String key, Object value, int limit) {
    Object[] kv = keyValues;
    if (kv == null) keyValues = kv = new Object[INITIAL_CAPACITY];
    int slots = size * 2;
    for (int i = 0; i < slots; i += 2) {
      if (key.equals(kv[i])) {
        kv[i + 1] = value;
        return;
      }
    }
    if (size >= limit) {
      dropped++;
      return;
    }
    if (slots == kv.length) keyValues = kv = Arrays.copyOf(kv, kv.length * 2);
    kv[slots] = key;
    kv[slots + 1] = value;
    size++;
  }

  /** Truncates {@code value} to {@code maxLength} chars without splitting a surrogate pair. */
  static String truncate(String value, int maxLength) {
    if (value.length() <= maxLength) return value;
    int end = maxLength;
    if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) end--;
    return value.substring(0, end);
  }

  /**
   * A number that stays what it was: the immutable JDK types are kept, anything else (an {@code
   * AtomicLong}, a user's own Number) becomes its {@code toString()} now, so that the span does
   * not change after it finished.
   */
  static Object snapshot(Number n) {
    if (n instanceof Long
        || n instanceof Integer
        || n instanceof Double
        || n instanceof Float
        || n instanceof Short
        || n instanceof Byte
        || n instanceof BigInteger
        || n instanceof BigDecimal) {
      return n;
    }
    return String.valueOf(n);
  }
}
