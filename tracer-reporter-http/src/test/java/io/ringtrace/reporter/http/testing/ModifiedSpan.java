/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.testing;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.LogRecord;
import io.ringtrace.core.Resource;
import io.ringtrace.core.SpanReference;
import io.ringtrace.propagation.internal.Hex;
import java.util.List;
import java.util.Map;

/**
 * A real finished span with ids, times or flags replaced: values a tracer rarely makes (the
 * largest ids, extreme timestamps) that the encoders must still write correctly.
 */
public final class ModifiedSpan implements FinishedSpan {

  private final FinishedSpan real;
  private long traceIdHigh;
  private long traceIdLow;
  private long spanId;
  private long parentSpanId;
  private long start;
  private long end;
  private int flags;
  private String name;

  public ModifiedSpan(FinishedSpan real) {
    this.real = real;
    this.traceIdHigh = real.traceIdHigh();
    this.traceIdLow = real.traceIdLow();
    this.spanId = real.spanIdAsLong();
    this.parentSpanId = real.parentSpanIdAsLong();
    this.start = real.startEpochNanos();
    this.end = real.endEpochNanos();
    this.flags = real.flags();
    this.name = real.operationName();
  }

  public ModifiedSpan ids(long traceIdHigh, long traceIdLow, long spanId, long parentSpanId) {
    this.traceIdHigh = traceIdHigh;
    this.traceIdLow = traceIdLow;
    this.spanId = spanId;
    this.parentSpanId = parentSpanId;
    return this;
  }

  public ModifiedSpan times(long startNanos, long endNanos) {
    this.start = startNanos;
    this.end = endNanos;
    return this;
  }

  public ModifiedSpan flags(int flags) {
    this.flags = flags;
    return this;
  }

  public ModifiedSpan name(String name) {
    this.name = name;
    return this;
  }

  @Override
  public String traceId() {
    return Hex.traceId(traceIdHigh, traceIdLow);
  }

  @Override
  public long traceIdHigh() {
    return traceIdHigh;
  }

  @Override
  public long traceIdLow() {
    return traceIdLow;
  }

  @Override
  public String spanId() {
    return Hex.spanId(spanId);
  }

  @Override
  public long spanIdAsLong() {
    return spanId;
  }

  @Override
  public String parentSpanId() {
    return parentSpanId == 0 ? null : Hex.spanId(parentSpanId);
  }

  @Override
  public long parentSpanIdAsLong() {
    return parentSpanId;
  }

  @Override
  public int flags() {
    return flags;
  }

  @Override
  public boolean hasRemoteParent() {
    return real.hasRemoteParent();
  }

  @Override
  public String traceState() {
    return real.traceState();
  }

  @Override
  public String operationName() {
    return name;
  }

  @Override
  public long startEpochNanos() {
    return start;
  }

  @Override
  public long endEpochNanos() {
    return end;
  }

  @Override
  public Resource resource() {
    return real.resource();
  }

  @Override
  public int tagCount() {
    return real.tagCount();
  }

  @Override
  public String tagKey(int i) {
    return real.tagKey(i);
  }

  @Override
  public Object tagValue(int i) {
    return real.tagValue(i);
  }

  @Override
  public Map<String, Object> tags() {
    return real.tags();
  }

  @Override
  public List<LogRecord> logs() {
    return real.logs();
  }

  @Override
  public List<SpanReference> references() {
    return real.references();
  }

  @Override
  public List<SpanReference> links() {
    return real.links();
  }

  @Override
  public Map<String, String> baggage() {
    return real.baggage();
  }

  @Override
  public boolean sampled() {
    return true;
  }

  @Override
  public int droppedTagsCount() {
    return real.droppedTagsCount();
  }

  @Override
  public int droppedLogsCount() {
    return real.droppedLogsCount();
  }

  @Override
  public int droppedLogFieldsCount() {
    return real.droppedLogFieldsCount();
  }

  @Override
  public int droppedReferencesCount() {
    return real.droppedReferencesCount();
  }
}
