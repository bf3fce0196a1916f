/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One log of a span: a timestamp and fields. Immutable.
 *
 * <p>Field values are {@link String}, {@link Boolean}, {@link Number} or {@link Throwable} (for the
 * {@code error.object} field); any other object was turned into its {@code toString()} when it
 * was logged.
 */
public final class LogRecord {

  private final long timestampEpochNanos;
  private final Object[] keyValues; // key0, value0, key1, value1 ...
  private final int droppedFields;

  LogRecord(long timestampEpochNanos, Object[] keyValues, int droppedFields) {
    this.timestampEpochNanos = timestampEpochNanos;
    this.keyValues = keyValues;
    this.droppedFields = droppedFields;
  }

  /** When the log was recorded, in nanoseconds since the epoch. */
  public long timestampEpochNanos() {
    return timestampEpochNanos;
  }

  /** Number of fields. */
  public int fieldCount() {
    return keyValues.length / 2;
  }

  /** The key of field {@code i}. */
  public String fieldKey(int i) {
    return (String) keyValues[2 * i];
  }

  /** The value of field {@code i}. */
  public Object fieldValue(int i) {
    return keyValues[2 * i + 1];
  }

  /** The fields in the order they were given. */
  public Map<String, Object> fields() {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) map.put((String) keyValues[i], keyValues[i + 1]);
    return Collections.unmodifiableMap(map);
  }

  /** Fields left out because the log had more than the limit. */
  public int droppedFieldsCount() {
    return droppedFields;
  }

  @Override
  public String toString() {
    return "LogRecord{" + timestampEpochNanos + ", " + fields() + '}';
  }
}
