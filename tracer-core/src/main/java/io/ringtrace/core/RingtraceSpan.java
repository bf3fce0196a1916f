/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import io.opentracing.References;
import io.opentracing.Span;
import io.opentracing.tag.Tag;
import io.opentracing.tag.Tags;
import io.ringtrace.core.internal.Clock;
import io.ringtrace.core.internal.Spin;
import io.ringtrace.core.internal.Throwables;
import io.ringtrace.propagation.TraceFlags;
import io.ringtrace.propagation.internal.Hex;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A span of {@link RingtraceTracer}, and, once finished, the {@link FinishedSpan} its exporter
 * reads: finishing freezes it in place instead of copying it.
 *
 * <p><b>Threads.</b> Any method may be called from any thread. Mutable state is guarded by a tiny
 * spin lock in {@link #lock} (a CAS to take, a release store to give back): no {@code
 * synchronized}, so a virtual thread is never pinned, and no lock object per span. Critical
 * sections are a few field writes and never call out to user code, except {@code toString()} of
 * log values, which runs before the lock is taken. {@link #context} is volatile so {@link
 * #context()} and baggage reads take no lock.
 *
 * <p><b>Ownership.</b> Until {@code finish()} the span belongs to the application. {@code finish()}
 * flips {@link #finished} exactly once, under the lock; every later mutation sees it and does
 * nothing. The span is then handed to the reporter, whose queue publishes it to the reporter
 * thread, and from then on it is read only.
 *
 * <p><b>Sampling.</b> This is a span that records: sampled at start, or created by an {@link
 * UnsampledSpan} when sampling was turned on for it. Tagging {@code sampling.priority} 0 before
 * finish turns recording off (nothing more is recorded and the span is not reported); above zero
 * turns it back on, and a span turned on again records from that moment, which becomes its start.
 */
final class RingtraceSpan extends TagList implements Span, FinishedSpan {

  private static final String SAMPLING_PRIORITY = Tags.SAMPLING_PRIORITY.getKey();

  /** {@link #samplingPriority(Number)} of a value that is no priority at all (NaN). */
  static final int NO_PRIORITY = -1;

  private static final VarHandle LOCK;

  static {
    try {
      LOCK = MethodHandles.lookup().findVarHandle(RingtraceSpan.class, "lock", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final RingtraceTracer tracer;
  private final long parentSpanId; // zero for a root
  private final boolean parentIsFollowsFrom;
  private final boolean remoteParent;
  private final SpanReference[] links; // never null; immutable after construction
  private final int droppedReferences;
  /**
   * The tracer's clock as anchored when the span started: its end and log timestamps are read
   * from it, so that the duration is elapsed nanoTime even if the tracer's clock re-anchors.
   */
  // Written under the lock, with the start it goes with. NOTE: log() reads it without the lock;
  // anchors are immutable (final fields), and a stale one shifts that log by one correction.
  private Clock clock;

  /** 0 = free, 1 = held. Taken with a CAS (acquire), given back with a release store. */
  @SuppressWarnings("unused") // accessed through LOCK
  private volatile int lock;

  // Replaced, under the lock, when baggage or the sampled flag changes; read without the lock.
  private volatile RingtraceSpanContext context;

  // Guarded by the lock until finished; read-only after.
  private String operationName;
  private boolean recording;
  private boolean finished;
  private long startEpochNanos;
  private long endEpochNanos;
  // Tags: the fields inherited from TagList, guarded by the lock like the rest.
  private LogRecord[] logs; // null until the first log
  private int logCount;
  private int droppedLogs;
  private int droppedLogFields;

  RingtraceSpan(
      RingtraceTracer tracer,
      RingtraceSpanContext context,
      String operationName,
      long startEpochNanos,
      TagList tags,
      boolean parentIsFollowsFrom,
      boolean remoteParent,
      SpanReference[] links,
      int droppedReferences) {
    this.tracer = tracer;
    this.context = context;
    this.parentSpanId = context.parentSpanId();
    this.operationName = operationName;
    this.recording = true;
    this.clock = tracer.clock.anchor();
    this.startEpochNanos = startEpochNanos;
    if (tags != null) adoptTags(tags);
    this.parentIsFollowsFrom = parentIsFollowsFrom;
    this.remoteParent = remoteParent;
    this.links = links;
    this.droppedReferences = droppedReferences;
  }

  // ---------------------------------------------------------------------------------------------
  // io.opentracing.Span

  @Override
  public RingtraceSpanContext context() {
    return context;
  }

  @Override
  public Span setTag(String key, String value) {
    if (key == null || value == null) return misuse("setTag: null key or value");
    return putTag(key, value);
  }

  @Override
  public Span setTag(String key, boolean value) {
    if (key == null) return misuse("setTag: null key");
    return putTag(key, value);
  }

  @Override
  public Span setTag(String key, Number value) {
    if (key == null || value == null) return misuse("setTag: null key or value");
    if (SAMPLING_PRIORITY.equals(key)) {
      int priority = samplingPriority(value);
      if (priority == NO_PRIORITY) return misuse("setTag: sampling.priority is not a number");
      setSamplingPriority(priority);
      return this;
    }
    return putTag(key, TagList.snapshot(value));
  }

  @Override
  public <T> Span setTag(Tag<T> tag, T value) {
    if (tag == null || value == null) return misuse("setTag: null tag or value");
    try {
      tag.set(this, value); // calls back one of the setTag overloads above
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      tracer.logMisuse("setTag: the Tag threw", t);
    }
    return this;
  }

  @Override
  public Span log(Map<String, ?> fields) {
    if (!recording) return this; // NOTE: racy read; a stale answer only skips or adds one log
    return logAt(clock.epochNanos(), fields);
  }

  @Override
  public Span log(long timestampMicroseconds, Map<String, ?> fields) {
    if (!recording) return this;
    return logAt(RingtraceTracer.microsToNanos(timestampMicroseconds), fields);
  }

  @Override
  public Span log(String event) {
    if (!recording) return this;
    return logEvent(clock.epochNanos(), event);
  }

  @Override
  public Span log(long timestampMicroseconds, String event) {
    if (!recording) return this;
    return logEvent(RingtraceTracer.microsToNanos(timestampMicroseconds), event);
  }

  @Override
  public Span setBaggageItem(String key, String value) {
    if (key == null) return misuse("setBaggageItem: null key");
    SpanLimits limits = tracer.limits;
    String v = value == null ? null : TagList.truncate(value, limits.maxValueLength);
    lockSpan();
    try {
      if (finished) return this;
      RingtraceSpanContext ctx = context;
      Map<String, String> next = Baggage.with(ctx.baggage(), key, v, limits);
      if (next == null) {
        tracer.logMisuse("setBaggageItem: baggage limit reached, item dropped", key);
      } else if (next != ctx.baggage()) {
        context = ctx.withBaggage(next);
      }
    } finally {
      unlock();
    }
    return this;
  }

  @Override
  public String getBaggageItem(String key) {
    return context.getBaggageItem(key);
  }

  @Override
  public Span setOperationName(String operationName) {
    if (operationName == null) return misuse("setOperationName: null");
    lockSpan();
    try {
      if (!finished) this.operationName = operationName;
    } finally {
      unlock();
    }
    return this;
  }

  @Override
  public void finish() {
    finishAt(Long.MIN_VALUE);
  }

  @Override
  public void finish(long finishMicros) {
    finishAt(RingtraceTracer.microsToNanos(finishMicros));
  }

  /** @param explicitEndNanos the end, or {@code Long.MIN_VALUE} to read the clock */
  private void finishAt(long explicitEndNanos) {
    boolean report;
    lockSpan();
    try {
      if (finished) return; // exactly once: a second finish is a no-op
      finished = true;
      report = recording;
      if (report) {
        long end = explicitEndNanos == Long.MIN_VALUE ? clock.epochNanos() : explicitEndNanos;
        // A finish before the start (clock skew between explicit timestamps) gives duration 0.
        endEpochNanos = Math.max(end, startEpochNanos);
      }
    } finally {
      unlock();
    }
    if (report) tracer.report(this);
  }

  // ---------------------------------------------------------------------------------------------
  // Recording

  private Span putTag(String key, Object value) {
    if (!recording) return this;
    SpanLimits limits = tracer.limits;
    if (value instanceof String) value = TagList.truncate((String) value, limits.maxValueLength);
    lockSpan();
    try {
      if (finished || !recording) return this;
      put(key, value, limits.maxTags);
    } finally {
      unlock();
    }
    return this;
  }

  private Span logEvent(long timestampNanos, String event) {
    if (event == null) return misuse("log: null event");
    SpanLimits limits = tracer.limits;
    Object[] kv = {"event", TagList.truncate(event, limits.maxValueLength)};
    return addLog(new LogRecord(timestampNanos, kv, 0));
  }

  private Span logAt(long timestampNanos, Map<String, ?> fields) {
    if (fields == null) return misuse("log: null fields");
    LogRecord record;
    try {
      record = toLogRecord(timestampNanos, fields, tracer.limits);
    } catch (Throwable t) { // a concurrently modified map, a toString() that throws
      Throwables.propagateIfFatal(t);
      tracer.logMisuse("log: could not read the fields", t);
      return this;
    }
    return addLog(record);
  }

  private Span addLog(LogRecord record) {
    int maxLogs = tracer.limits.maxLogs;
    lockSpan();
    try {
      if (finished || !recording) return this;
      if (logCount >= maxLogs) {
        droppedLogs++;
        return this;
      }
      LogRecord[] l = logs;
      if (l == null) {
        logs = l = new LogRecord[Math.min(4, maxLogs)];
      } else if (logCount == l.length) {
        logs = l = Arrays.copyOf(l, Math.min(l.length * 2, maxLogs));
      }
      l[logCount++] = record;
      droppedLogFields += record.droppedFieldsCount();
    } finally {
      unlock();
    }
    return this;
  }

  private static LogRecord toLogRecord(long timestampNanos, Map<String, ?> fields, SpanLimits limits) {
    int max = limits.maxFieldsPerLog;
    Object[] kv = new Object[2 * Math.min(fields.size(), max)];
    int n = 0;
    int dropped = 0;
    for (Map.Entry<String, ?> e : fields.entrySet()) {
      String key = e.getKey();
      Object value = e.getValue();
      if (key == null || value == null) continue;
      if (n == kv.length) {
        dropped++;
        continue;
      }
      kv[n++] = key;
      kv[n++] = fieldValue(value, limits.maxValueLength);
    }
    if (n < kv.length) kv = Arrays.copyOf(kv, n);
    return new LogRecord(timestampNanos, kv, dropped);
  }

  private static Object fieldValue(Object value, int maxLength) {
    if (value instanceof String) return TagList.truncate((String) value, maxLength);
    if (value instanceof Boolean || value instanceof Throwable) return value;
    if (value instanceof Number) return TagList.snapshot((Number) value);
    return TagList.truncate(String.valueOf(value), maxLength);
  }

  /**
   * A {@code sampling.priority} value reduced to 1 (sample: greater than zero), 0 (drop: zero or
   * less) or {@link #NO_PRIORITY} (NaN, or a Number that throws). Judged by the value's sign, not
   * by {@code intValue()}, which would turn {@code 0.5} or {@code 1L << 32} into a drop.
   */
  static int samplingPriority(Number value) {
    try {
      if (value instanceof Integer
          || value instanceof Long
          || value instanceof Short
          || value instanceof Byte
          || value instanceof AtomicInteger
          || value instanceof AtomicLong) {
        return value.longValue() > 0 ? 1 : 0;
      }
      if (value instanceof BigInteger) return ((BigInteger) value).signum() > 0 ? 1 : 0;
      if (value instanceof BigDecimal) return ((BigDecimal) value).signum() > 0 ? 1 : 0;
      double d = value.doubleValue();
      if (Double.isNaN(d)) return NO_PRIORITY;
      return d > 0 ? 1 : 0;
    } catch (Throwable t) { // a user's Number
      Throwables.propagateIfFatal(t);
      return NO_PRIORITY;
    }
  }

  private void setSamplingPriority(int priority) {
    lockSpan();
    try {
      if (finished) return;
      RingtraceSpanContext ctx = context;
      if (priority > 0) {
        if (!recording) {
          recording = true;
          startEpochNanos = tracer.clock.epochNanos(); // see "Sampling" in the class comment
          clock = tracer.clock.anchor();
        }
        context = ctx.withFlags(ctx.flags() | TraceFlags.SAMPLED | TraceFlags.DEBUG);
      } else {
        recording = false;
        context = ctx.withFlags(ctx.flags() & ~(TraceFlags.SAMPLED | TraceFlags.DEBUG));
      }
    } finally {
      unlock();
    }
  }

  private Span misuse(String what) {
    tracer.logMisuse(what, context);
    return this;
  }

  // ---------------------------------------------------------------------------------------------
  // The lock

  private void lockSpan() {
    if (!LOCK.compareAndSet(this, 0, 1)) lockContended();
  }

  private void lockContended() {
    for (int rounds = 0; !LOCK.compareAndSet(this, 0, 1); ) rounds = Spin.backOff(rounds);
  }

  private void unlock() {
    LOCK.setRelease(this, 0);
  }

  // ---------------------------------------------------------------------------------------------
  // FinishedSpan: read after finish, through the reporter's safe publication

  @Override
  public String traceId() {
    return context.toTraceId();
  }

  @Override
  public long traceIdHigh() {
    return context.traceIdHigh();
  }

  @Override
  public long traceIdLow() {
    return context.traceIdLow();
  }

  @Override
  public String spanId() {
    return context.toSpanId();
  }

  @Override
  public long spanIdAsLong() {
    return context.spanId();
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
    return context.flags();
  }

  @Override
  public boolean hasRemoteParent() {
    return remoteParent;
  }

  @Override
  public String traceState() {
    return context.traceState();
  }

  @Override
  public String operationName() {
    return operationName;
  }

  @Override
  public long startEpochNanos() {
    return startEpochNanos;
  }

  @Override
  public long endEpochNanos() {
    return endEpochNanos;
  }

  @Override
  public Resource resource() {
    return tracer.resource;
  }

  @Override
  public int tagCount() {
    return size;
  }

  @Override
  public String tagKey(int i) {
    return (String) keyValues[2 * i];
  }

  @Override
  public Object tagValue(int i) {
    return keyValues[2 * i + 1];
  }

  @Override
  public Map<String, Object> tags() {
    int n = tagCount();
    if (n == 0) return Collections.emptyMap();
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) map.put(tagKey(i), tagValue(i));
    return Collections.unmodifiableMap(map);
  }

  @Override
  public List<LogRecord> logs() {
    if (logCount == 0) return Collections.emptyList();
    return Collections.unmodifiableList(Arrays.asList(Arrays.copyOf(logs, logCount)));
  }

  @Override
  public int logCount() {
    return logCount;
  }

  @Override
  public LogRecord log(int i) {
    if (i >= logCount) throw new IndexOutOfBoundsException("log " + i + " of " + logCount);
    return logs[i];
  }

  @Override
  public List<SpanReference> references() {
    RingtraceSpanContext ctx = context;
    if (parentSpanId == 0) return links();
    List<SpanReference> all = new ArrayList<>(links.length + 1);
    all.add(
        new SpanReference(
            parentIsFollowsFrom ? References.FOLLOWS_FROM : References.CHILD_OF,
            ctx.traceIdHigh(),
            ctx.traceIdLow(),
            parentSpanId,
            ctx.flags(),
            ctx.traceState()));
    Collections.addAll(all, links);
    return Collections.unmodifiableList(all);
  }

  @Override
  public List<SpanReference> links() {
    if (links.length == 0) return Collections.emptyList();
    return Collections.unmodifiableList(Arrays.asList(links));
  }

  @Override
  public int linkCount() {
    return links.length;
  }

  @Override
  public SpanReference link(int i) {
    return links[i];
  }

  @Override
  public Map<String, String> baggage() {
    return context.baggage();
  }

  @Override
  public boolean sampled() {
    return recording;
  }

  @Override
  public int droppedTagsCount() {
    return dropped;
  }

  @Override
  public int droppedLogsCount() {
    return droppedLogs;
  }

  @Override
  public int droppedLogFieldsCount() {
    return droppedLogFields;
  }

  @Override
  public int droppedReferencesCount() {
    return droppedReferences;
  }

  @Override
  public String toString() {
    return "RingtraceSpan{" + context + ' ' + operationName + '}';
  }
}
