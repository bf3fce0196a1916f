/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.LogRecord;
import io.ringtrace.core.Resource;
import io.ringtrace.core.SpanReference;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A finished span that says who produced it and in which order; the reporter reads no more. */
final class TestSpan implements FinishedSpan {
  final int producer;
  final int sequence;

  TestSpan(int producer, int sequence) {
    this.producer = producer;
    this.sequence = sequence;
  }

  static TestSpan of(int sequence) {
    return new TestSpan(0, sequence);
  }

  @Override
  public String traceId() {
    return String.format("%016x%016x", producer + 1, sequence + 1);
  }

  @Override
  public long traceIdHigh() {
    return producer + 1;
  }

  @Override
  public long traceIdLow() {
    return sequence + 1;
  }

  @Override
  public String spanId() {
    return String.format("%016x", sequence + 1);
  }

  @Override
  public long spanIdAsLong() {
    return sequence + 1;
  }

  @Override
  public String parentSpanId() {
    return null;
  }

  @Override
  public long parentSpanIdAsLong() {
    return 0;
  }

  @Override
  public int flags() {
    return 1;
  }

  @Override
  public String traceState() {
    return null;
  }

  @Override
  public String operationName() {
    return "op-" + producer + "-" + sequence;
  }

  @Override
  public long startEpochNanos() {
    return 1;
  }

  @Override
  public long endEpochNanos() {
    return 2;
  }

  @Override
  public Resource resource() {
    return null;
  }

  @Override
  public int tagCount() {
    return 0;
  }

  @Override
  public String tagKey(int i) {
    throw new IndexOutOfBoundsException(String.valueOf(i));
  }

  @Override
  public Object tagValue(int i) {
    throw new IndexOutOfBoundsException(String.valueOf(i));
  }

  @Override
  public Map<String, Object> tags() {
    return Collections.emptyMap();
  }

  @Override
  public List<LogRecord> logs() {
    return Collections.emptyList();
  }

  @Override
  public List<SpanReference> references() {
    return Collections.emptyList();
  }

  @Override
  public List<SpanReference> links() {
    return Collections.emptyList();
  }

  @Override
  public Map<String, String> baggage() {
    return Collections.emptyMap();
  }

  @Override
  public boolean sampled() {
    return true;
  }

  @Override
  public int droppedTagsCount() {
    return 0;
  }

  @Override
  public int droppedLogsCount() {
    return 0;
  }

  @Override
  public int droppedLogFieldsCount() {
    return 0;
  }

  @Override
  public int droppedReferencesCount() {
    return 0;
  }

  @Override
  public String toString() {
    return operationName();
  }
}
