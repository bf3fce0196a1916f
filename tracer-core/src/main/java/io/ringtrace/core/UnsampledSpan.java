/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import io.opentracing.Span;
import io.opentracing.tag.Tag;
import io.opentracing.tag.Tags;
import io.ringtrace.core.internal.Spin;
import io.ringtrace.core.internal.Throwables;
import io.ringtrace.propagation.TraceFlags;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;

/**
 * A span that was not sampled when it started: it records nothing and is never reported, but it
 * carries its context (ids, flags, baggage) so that children and downstream services follow the
 * decision. It is what most spans are under a low sampling rate, so it holds as little as it can:
 * no tags, no timestamps, no lock.
 *
 * <p><b>Turned on later.</b> Tagging {@code sampling.priority} above zero before finish creates a
 * recording {@link RingtraceSpan} that starts at that moment (as {@link RingtraceSpan} does for
 * itself); from then on every call goes to it, and it is reported when finished. Tags, logs and
 * references given before that moment are not kept.
 *
 * <p><b>Threads.</b> Any method may be called from any thread. {@link #state} moves once, from
 * {@code null} (open) to either {@link #FINISHED} or the recording span. Turning on, baggage and
 * renaming take a tiny spin lock ({@link #lock}, as {@link RingtraceSpan} does), so that baggage
 * set while another thread turns sampling on is never lost; reads take no lock. {@code finish()}
 * takes none either: a release store of {@link #FINISHED}. When it races with turning on and
 * overwrites the recording span, the outcome is that of "finished, then turned on" (the late
 * turn-on is ignored and nothing is reported), one of the two orders the racing calls allow.
 */
final class UnsampledSpan implements Span {

  private static final String SAMPLING_PRIORITY = Tags.SAMPLING_PRIORITY.getKey();
  private static final Object FINISHED = new Object();
  private static final VarHandle STATE;
  private static final VarHandle LOCK;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(UnsampledSpan.class, "state", Object.class);
      LOCK = lookup.findVarHandle(UnsampledSpan.class, "lock", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final RingtraceTracer tracer;
  private volatile RingtraceSpanContext context; // replaced under the lock
  private volatile String operationName; // replaced under the lock
  /** null while open; {@link #FINISHED}; or the {@link RingtraceSpan} it was turned into. */
  @SuppressWarnings("unused") // accessed through STATE too
  private volatile Object state;
  /** 0 = free, 1 = held; guards the changes of context, operationName and state but finish. */
  @SuppressWarnings("unused") // accessed through LOCK
  private volatile int lock;

  UnsampledSpan(RingtraceTracer tracer, RingtraceSpanContext context, String operationName) {
    this.tracer = tracer;
    this.context = context;
    this.operationName = operationName;
  }

  /** The recording span this one was turned into, or null. */
  private RingtraceSpan recording() {
    Object s = state;
    return s instanceof RingtraceSpan ? (RingtraceSpan) s : null;
  }

  @Override
  public RingtraceSpanContext context() {
    RingtraceSpan r = recording();
    return r != null ? r.context() : context;
  }

  @Override
  public Span setTag(String key, String value) {
    RingtraceSpan r = recording();
    if (r != null) r.setTag(key, value);
    else if (key == null || value == null) misuse("setTag: null key or value");
    return this;
  }

  @Override
  public Span setTag(String key, boolean value) {
    RingtraceSpan r = recording();
    if (r != null) r.setTag(key, value);
    else if (key == null) misuse("setTag: null key");
    return this;
  }

  @Override
  public Span setTag(String key, Number value) {
    RingtraceSpan r = recording();
    if (r != null) {
      r.setTag(key, value);
      return this;
    }
    if (key == null || value == null) return misuse("setTag: null key or value");
    if (SAMPLING_PRIORITY.equals(key)) {
      int priority = RingtraceSpan.samplingPriority(value);
      if (priority == RingtraceSpan.NO_PRIORITY) {
        return misuse("setTag: sampling.priority is not a number");
      }
      if (priority > 0) turnOn();
    }
    return this;
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

  /**
   * Starts recording from now: a sampled, debug-flagged {@link RingtraceSpan} with this span's
   * ids, name and baggage takes over, unless the span finished or was turned on before.
   */
  private void turnOn() {
    lockSpan();
    try {
      if (state != null) return;
      RingtraceSpanContext ctx = context;
      RingtraceSpan span =
          new RingtraceSpan(
              tracer,
              ctx.withFlags(ctx.flags() | TraceFlags.SAMPLED | TraceFlags.DEBUG),
              operationName,
              tracer.clock.epochNanos(),
              null,
              false,
              false,
              RingtraceSpanBuilder.NO_LINKS,
              0);
      STATE.compareAndSet(this, null, span); // fails only if finish() came first
    } finally {
      unlock();
    }
  }

  @Override
  public Span log(Map<String, ?> fields) {
    RingtraceSpan r = recording();
    if (r != null) r.log(fields);
    return this;
  }

  @Override
  public Span log(long timestampMicroseconds, Map<String, ?> fields) {
    RingtraceSpan r = recording();
    if (r != null) r.log(timestampMicroseconds, fields);
    return this;
  }

  @Override
  public Span log(String event) {
    RingtraceSpan r = recording();
    if (r != null) r.log(event);
    return this;
  }

  @Override
  public Span log(long timestampMicroseconds, String event) {
    RingtraceSpan r = recording();
    if (r != null) r.log(timestampMicroseconds, event);
    return this;
  }

  @Override
  public Span setBaggageItem(String key, String value) {
    if (key == null) return misuse("setBaggageItem: null key");
    SpanLimits limits = tracer.limits;
    String v = value == null ? null : TagList.truncate(value, limits.maxValueLength);
    RingtraceSpan recording;
    lockSpan();
    try {
      Object s = state;
      if (s == FINISHED) return this;
      recording = s instanceof RingtraceSpan ? (RingtraceSpan) s : null;
      if (recording == null) {
        RingtraceSpanContext ctx = context;
        Map<String, String> next = Baggage.with(ctx.baggage(), key, v, limits);
        if (next == null) {
          tracer.logMisuse("setBaggageItem: baggage limit reached, item dropped", key);
        } else if (next != ctx.baggage()) {
          context = ctx.withBaggage(next);
        }
      }
    } finally {
      unlock();
    }
    if (recording != null) recording.setBaggageItem(key, value);
    return this;
  }

  @Override
  public String getBaggageItem(String key) {
    return context().getBaggageItem(key);
  }

  @Override
  public Span setOperationName(String operationName) {
    if (operationName == null) return misuse("setOperationName: null");
    RingtraceSpan r;
    lockSpan();
    try {
      Object s = state;
      r = s instanceof RingtraceSpan ? (RingtraceSpan) s : null;
      if (s == null) this.operationName = operationName;
    } finally {
      unlock();
    }
    if (r != null) r.setOperationName(operationName);
    return this;
  }

  @Override
  public void finish() {
    Object s = state;
    if (s == null) {
      STATE.setRelease(this, FINISHED);
    } else if (s instanceof RingtraceSpan) {
      ((RingtraceSpan) s).finish();
    }
  }

  @Override
  public void finish(long finishMicros) {
    Object s = state;
    if (s == null) {
      STATE.setRelease(this, FINISHED);
    } else if (s instanceof RingtraceSpan) {
      ((RingtraceSpan) s).finish(finishMicros);
    }
  }

  private void lockSpan() {
    for (int rounds = 0; !LOCK.compareAndSet(this, 0, 1); ) rounds = Spin.backOff(rounds);
  }

  private void unlock() {
    LOCK.setRelease(this, 0);
  }

  private Span misuse(String what) {
    tracer.logMisuse(what, context);
    return this;
  }

  @Override
  public String toString() {
    RingtraceSpan r = recording();
    if (r != null) return r.toString();
    return "UnsampledSpan{" + operationName + ", " + context + '}';
  }
}
