/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.ringtrace.core.internal.ThrottledLogger;
import io.ringtrace.core.internal.Throwables;
import io.ringtrace.propagation.TraceFlags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Decorates any scope manager so that the SLF4J MDC of a thread holds the ids of the span it
 * activated last, under the keys of a {@link LogCorrelation}; {@link #activeSpan()} is the
 * delegate's.
 *
 * <p>Each activation remembers what the MDC held under those keys before it (values the
 * application put there included) and puts that back when its scope closes. A thread-local stack
 * of these activations keeps the MDC exact when scopes close out of order: closing a scope that is
 * not the thread's last one only marks it closed, and closing the last one restores the MDC past
 * every scope beneath it that is already closed. A scope closed on another thread than the one
 * that activated it cannot touch that thread's MDC (the MDC is per thread); the activating thread
 * restores it at its next activation.
 *
 * <p>Thread-safe: the stack is per thread; {@link MdcScope#closed} is the only field another
 * thread may write.
 */
final class MdcScopeManager implements ScopeManager {

  private static final Logger LOG = LoggerFactory.getLogger(MdcScopeManager.class);

  // Trace flags as OpenTelemetry writes them in trace_flags; every other value is computed.
  /** The W3C flags this tracer knows (sampled, random), by value, as written into the MDC. */
  private static final String[] HEX_FLAGS = {"00", "01", "02", "03"};

  final ScopeManager delegate;
  private final String traceIdKey;
  private final String spanIdKey;
  private final String flagsKey; // null: not written
  private final boolean hexFlags;
  private final ThreadLocal<MdcScope> last = new ThreadLocal<>();
  private final ThrottledLogger failureLog = new ThrottledLogger(LOG);

  MdcScopeManager(ScopeManager delegate, LogCorrelation keys) {
    this.delegate = delegate;
    this.traceIdKey = keys.traceIdKey;
    this.spanIdKey = keys.spanIdKey;
    this.flagsKey = keys.flagsKey;
    this.hexFlags = keys.flagFormat == LogCorrelation.FlagFormat.HEX;
  }

  @Override
  public Scope activate(Span span) {
    Scope scope = delegate.activate(span);
    try {
      MdcScope below = unwind(last.get());
      MdcScope pushed =
          new MdcScope(
              this,
              scope,
              below,
              MDC.get(traceIdKey),
              MDC.get(spanIdKey),
              flagsKey == null ? null : MDC.get(flagsKey));
      write(span == null ? null : span.context());
      last.set(pushed);
      return pushed;
    } catch (Throwable t) { // a broken MDC adapter or span: the scope still works, without ids
      Throwables.propagateIfFatal(t);
      failureLog.warn("Could not put span ids in the MDC: {}", t.toString());
      return scope;
    }
  }

  @Override
  public Span activeSpan() {
    return delegate.activeSpan();
  }

  /** Puts the ids of {@code context} in the MDC, or removes the keys when there are none. */
  private void write(SpanContext context) {
    String traceId = context == null ? null : context.toTraceId();
    if (traceId == null || traceId.isEmpty()) { // no span, or a no-op tracer's context
      restore(null, null, null);
      return;
    }
    String flags = null;
    if (context instanceof RingtraceSpanContext) {
      RingtraceSpanContext ours = (RingtraceSpanContext) context;
      flags = hexFlags ? hexFlags(ours.flags()) : ours.isSampled() ? "true" : "false";
    } // another tracer's context: its sampled flag is unknown, so the key is left out
    restore(traceId, context.toSpanId(), flags);
  }

  /** Sets each key to its value, or removes it when the value is {@code null}. */
  private void restore(String traceId, String spanId, String flags) {
    set(traceIdKey, traceId);
    set(spanIdKey, spanId);
    if (flagsKey != null) set(flagsKey, flags);
  }

  private static void set(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  /** The flags as the traceparent header carries them: only sampled and random. */
  private static String hexFlags(int flags) {
    return HEX_FLAGS[flags & TraceFlags.W3C_KNOWN];
  }

  /**
   * Restores the MDC past every closed scope from {@code scope} down, and answers the first open
   * one (or {@code null}).
   */
  private MdcScope unwind(MdcScope scope) {
    while (scope != null && scope.closed) {
      restore(scope.previousTraceId, scope.previousSpanId, scope.previousFlags);
      scope = scope.below;
    }
    return scope;
  }

  /** Called on the thread whose last activation {@code scope} is, after it was marked closed. */
  private void pop(MdcScope scope) {
    MdcScope open = unwind(scope);
    if (open == null) {
      last.remove(); // leave nothing behind on pooled threads
    } else {
      last.set(open);
    }
  }

  /** One activation: the delegate's scope and what the MDC held under the keys before it. */
  private static final class MdcScope implements Scope {
    final MdcScopeManager manager;
    final Scope delegate;
    final MdcScope below;
    final String previousTraceId;
    final String previousSpanId;
    final String previousFlags;
    // NOTE: benign race. Two threads closing at once may both close the delegate (scopes ignore a
    // second close); only the activating thread pops.
    volatile boolean closed;

    MdcScope(
        MdcScopeManager manager,
        Scope delegate,
        MdcScope below,
        String previousTraceId,
        String previousSpanId,
        String previousFlags) {
      this.manager = manager;
      this.delegate = delegate;
      this.below = below;
      this.previousTraceId = previousTraceId;
      this.previousSpanId = previousSpanId;
      this.previousFlags = previousFlags;
    }

    @Override
    public void close() {
      if (closed) return;
      closed = true;
      try {
        delegate.close();
      } finally {
        try {
          if (manager.last.get() == this) manager.pop(this);
        } catch (Throwable t) {
          Throwables.propagateIfFatal(t);
          manager.failureLog.warn("Could not restore the MDC: {}", t.toString());
        }
      }
    }
  }
}
