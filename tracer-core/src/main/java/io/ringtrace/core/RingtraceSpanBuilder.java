/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import io.opentracing.References;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.tag.Tag;
import io.opentracing.tag.Tags;
import io.ringtrace.core.internal.Throwables;
import io.ringtrace.core.sampler.Sampler;
import io.ringtrace.core.sampler.SamplingDecision;
import io.ringtrace.propagation.ExtractedContext;
import io.ringtrace.propagation.TraceContext;
import io.ringtrace.propagation.TraceFlags;
import io.ringtrace.propagation.internal.Hex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds one span. Used by one thread, once; not thread-safe (as OpenTracing intends).
 *
 * <p>The parent is the first {@code CHILD_OF} reference, else the first {@code FOLLOWS_FROM}
 * reference, else the active span (unless {@link #ignoreActiveSpan()}). The other references
 * become links. The span's baggage is that of all references, merged in the order they were
 * added, a later reference's value winning for the same key (within the {@link SpanLimits}). Null
 * or foreign contexts and unknown reference types are ignored.
 */
final class RingtraceSpanBuilder extends TagList implements Tracer.SpanBuilder {

  private static final String SAMPLING_PRIORITY = Tags.SAMPLING_PRIORITY.getKey();
  private static final int NO_PRIORITY = RingtraceSpan.NO_PRIORITY;
  static final SpanReference[] NO_LINKS = {};
  /** The tag of a trace started by a {@code jaeger-debug-id}, named as the Jaeger client names it. */
  static final String JAEGER_DEBUG_ID_TAG = "jaeger-debug-id";

  private final RingtraceTracer tracer;
  private final String operationName;
  private boolean ignoreActiveSpan;
  private long startNanos = Long.MIN_VALUE; // MIN_VALUE: read the clock at start()
  private int samplingPriority = NO_PRIORITY;
  private int droppedReferences;

  // References in the order given. The common case, one parent, takes no list.
  private TraceContext firstRef;
  private String firstRefType;
  private List<Object> moreRefs; // type, context, type, context ...

  RingtraceSpanBuilder(RingtraceTracer tracer, String operationName) {
    this.tracer = tracer;
    this.operationName = operationName;
  }

  @Override
  public Tracer.SpanBuilder asChildOf(SpanContext parent) {
    return addReference(References.CHILD_OF, parent);
  }

  @Override
  public Tracer.SpanBuilder asChildOf(Span parent) {
    if (parent == null) return this;
    SpanContext ctx;
    try {
      ctx = parent.context();
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      return this;
    }
    return addReference(References.CHILD_OF, ctx);
  }

  @Override
  public Tracer.SpanBuilder addReference(String referenceType, SpanContext referencedContext) {
    if (referencedContext == null) return this;
    String type;
    if (References.CHILD_OF.equals(referenceType)) {
      type = References.CHILD_OF;
    } else if (References.FOLLOWS_FROM.equals(referenceType)) {
      type = References.FOLLOWS_FROM;
    } else {
      tracer.logMisuse("addReference: unknown reference type, ignored", referenceType);
      return this;
    }
    TraceContext ctx = toTraceContext(referencedContext);
    if (ctx == null) {
      tracer.logMisuse("addReference: not a Ringtrace context, ignored", referencedContext);
      return this;
    }
    if (firstRef == null) {
      firstRef = ctx;
      firstRefType = type;
    } else {
      if (moreRefs == null) moreRefs = new ArrayList<>(4);
      moreRefs.add(type);
      moreRefs.add(ctx);
    }
    return this;
  }

  @Override
  public Tracer.SpanBuilder ignoreActiveSpan() {
    ignoreActiveSpan = true;
    return this;
  }

  @Override
  public Tracer.SpanBuilder withTag(String key, String value) {
    if (key == null || value == null) return misuse("withTag: null key or value");
    return putTag(key, TagList.truncate(value, tracer.limits.maxValueLength));
  }

  @Override
  public Tracer.SpanBuilder withTag(String key, boolean value) {
    if (key == null) return misuse("withTag: null key");
    return putTag(key, value);
  }

  @Override
  public Tracer.SpanBuilder withTag(String key, Number value) {
    if (key == null || value == null) return misuse("withTag: null key or value");
    if (SAMPLING_PRIORITY.equals(key)) {
      int priority = RingtraceSpan.samplingPriority(value);
      if (priority == NO_PRIORITY) return misuse("withTag: sampling.priority is not a number");
      samplingPriority = priority;
      return this;
    }
    return putTag(key, TagList.snapshot(value));
  }

  @Override
  public <T> Tracer.SpanBuilder withTag(Tag<T> tag, T value) {
    if (tag == null || value == null) return misuse("withTag: null tag or value");
    String key = tag.getKey();
    if (key == null) return misuse("withTag: null key");
    if (value instanceof String) return withTag(key, (String) value);
    if (value instanceof Number) return withTag(key, (Number) value);
    if (value instanceof Boolean) return withTag(key, ((Boolean) value).booleanValue());
    return withTag(key, String.valueOf(value));
  }

  @Override
  public Tracer.SpanBuilder withStartTimestamp(long microseconds) {
    this.startNanos = RingtraceTracer.microsToNanos(microseconds);
    return this;
  }

  @Override
  public Span start() {
    try {
      return doStart();
    } catch (Throwable t) { // a bug of ours must not take the request down
      Throwables.propagateIfFatal(t);
      tracer.logMisuse("start failed; returning an unsampled span", t);
      return tracer.unsampledRoot(operationName);
    }
  }

  private Span doStart() {
    TraceContext parent = null;
    String parentType = References.CHILD_OF;
    if (firstRef != null) {
      parent = firstRef;
      parentType = firstRefType;
      if (firstRefType != References.CHILD_OF && moreRefs != null) {
        for (int i = 0; i < moreRefs.size(); i += 2) {
          if (moreRefs.get(i) == References.CHILD_OF) {
            parent = (TraceContext) moreRefs.get(i + 1);
            parentType = References.CHILD_OF;
            break;
          }
        }
      }
    } else if (!ignoreActiveSpan) {
      Span active = tracer.activeSpan();
      if (active != null) parent = toTraceContext(active.context());
    }

    ThreadLocalRandom random = ThreadLocalRandom.current();
    long traceIdHigh;
    long traceIdLow;
    long parentSpanId;
    int flags;
    Sampler.Parent parentKind;
    // Baggage (or a Jaeger debug id) without a trace: a new trace that keeps them.
    ExtractedContext noTrace =
        parent instanceof ExtractedContext && ((ExtractedContext) parent).isBaggageOnly()
            ? (ExtractedContext) parent
            : null;
    if (parent == null || noTrace != null) {
      traceIdHigh = random.nextLong();
      traceIdLow = nonZero(random);
      parentSpanId = 0;
      // Our ids are random: say so (W3C Level 2); a debug id forces sampling.
      flags = TraceFlags.RANDOM | (noTrace == null ? 0 : noTrace.flags());
      parentKind = Sampler.Parent.NONE;
    } else {
      traceIdHigh = parent.traceIdHigh();
      traceIdLow = parent.traceIdLow();
      // A bare sampling decision (B3 "b3: 0") has made-up ids: a new trace, no parent span, but
      // the decision is followed.
      boolean decisionOnly =
          parent instanceof ExtractedContext && ((ExtractedContext) parent).isSamplingOnly();
      parentSpanId = decisionOnly ? 0 : parent.spanId();
      // Made-up ids are random too; a continued trace keeps the flags it came with.
      flags = parent.flags() | (decisionOnly ? TraceFlags.RANDOM : 0);
      boolean remote = !(parent instanceof RingtraceSpanContext);
      if ((flags & TraceFlags.DEFERRED) != 0) {
        parentKind = Sampler.Parent.NONE;
      } else if ((flags & TraceFlags.SAMPLED) != 0) {
        parentKind = remote ? Sampler.Parent.REMOTE_SAMPLED : Sampler.Parent.LOCAL_SAMPLED;
      } else {
        parentKind = remote ? Sampler.Parent.REMOTE_NOT_SAMPLED : Sampler.Parent.LOCAL_NOT_SAMPLED;
      }
    }

    boolean sampled;
    SamplingDecision decision = null;
    if (samplingPriority > 0) {
      sampled = true;
      flags |= TraceFlags.DEBUG;
    } else if (samplingPriority != NO_PRIORITY) {
      sampled = false;
      flags &= ~TraceFlags.DEBUG;
    } else if ((flags & TraceFlags.DEBUG) != 0) {
      sampled = true;
    } else {
      decision = decide(parentKind, traceIdHigh, traceIdLow);
      // A sampler that failed: keep the parent's decision, and do not start traces.
      sampled =
          decision != null
              ? decision.sampled()
              : parentKind == Sampler.Parent.REMOTE_SAMPLED
                  || parentKind == Sampler.Parent.LOCAL_SAMPLED;
    }
    flags = (flags & ~(TraceFlags.DEFERRED | TraceFlags.SAMPLED)) | (sampled ? TraceFlags.SAMPLED : 0);

    RingtraceSpanContext context =
        new RingtraceSpanContext(
            traceIdHigh,
            traceIdLow,
            nonZero(random),
            parentSpanId,
            flags,
            parent == null || noTrace != null ? null : parent.traceState(),
            baggage(parent));

    if (!sampled) return new UnsampledSpan(tracer, context, operationName);

    SpanReference[] links = links(parent);
    long start = startNanos == Long.MIN_VALUE ? tracer.clock.epochNanos() : startNanos;
    if (decision != null && parentKind == Sampler.Parent.NONE && decision.samplerType() != null) {
      int maxTags = tracer.limits.maxTags;
      put(SamplingDecision.SAMPLER_TYPE_TAG, decision.samplerType(), maxTags);
      Object param = decision.samplerParam();
      if (param != null) put(SamplingDecision.SAMPLER_PARAM_TAG, param, maxTags);
    }
    if (noTrace != null && noTrace.jaegerDebugId() != null) {
      put(JAEGER_DEBUG_ID_TAG, noTrace.jaegerDebugId(), tracer.limits.maxTags);
    }
    RingtraceSpan span =
        new RingtraceSpan(
            tracer,
            context,
            operationName,
            start,
            this,
            parentType == References.FOLLOWS_FROM,
            parentSpanId != 0 && !(parent instanceof RingtraceSpanContext),
            links,
            droppedReferences);
    keyValues = null; // the span owns the array now; a builder used again starts afresh
    size = 0;
    dropped = 0;
    return span;
  }

  /**
   * The baggage of every reference, merged in the order they were added (a later reference's
   * value wins), as the Jaeger client and {@code MockTracer} do; or the active span's.
   */
  private Map<String, String> baggage(TraceContext parent) {
    if (parent == null) return RingtraceSpanContext.noBaggage();
    if (moreRefs == null) return parent.baggage(); // one reference, or the active span
    Map<String, String> merged = firstRef.baggage();
    for (int i = 1; i < moreRefs.size(); i += 2) {
      merged = Baggage.merge(merged, ((TraceContext) moreRefs.get(i)).baggage(), tracer.limits);
    }
    return merged;
  }

  /** The sampler's decision, or null when it threw or answered null (a user sampler's bug). */
  private SamplingDecision decide(Sampler.Parent parentKind, long traceIdHigh, long traceIdLow) {
    try {
      SamplingDecision decision =
          tracer.sampler.sample(parentKind, traceIdHigh, traceIdLow, operationName);
      if (decision == null) tracer.logMisuse("the sampler answered null", tracer.sampler);
      return decision;
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      tracer.logMisuse("the sampler threw", t);
      return null;
    }
  }

  /**
   * Every reference but the parent, plus other traces the carrier held, up to the limit; counts
   * the ones left out in {@link #droppedReferences}.
   */
  private SpanReference[] links(TraceContext parent) {
    if (parent == null) return NO_LINKS;
    int max = Math.max(0, tracer.limits.maxReferences - 1); // the parent always stays
    List<SpanReference> out = null;
    if (firstRef != null && firstRef != parent) out = add(out, firstRefType, firstRef, max);
    if (moreRefs != null) {
      for (int i = 0; i < moreRefs.size(); i += 2) {
        TraceContext ctx = (TraceContext) moreRefs.get(i + 1);
        if (ctx != parent) out = add(out, (String) moreRefs.get(i), ctx, max);
      }
    }
    if (parent instanceof ExtractedContext) {
      for (TraceContext other : ((ExtractedContext) parent).otherTraces()) {
        out = add(out, References.FOLLOWS_FROM, other, max);
      }
    }
    return out == null ? NO_LINKS : out.toArray(NO_LINKS);
  }

  private List<SpanReference> add(List<SpanReference> out, String type, TraceContext ctx, int max) {
    if (ctx.traceIdHigh() == 0 && ctx.traceIdLow() == 0) return out; // baggage only: no span
    if (out == null) out = new ArrayList<>(2);
    if (out.size() >= max) {
      droppedReferences++;
      return out;
    }
    out.add(
        new SpanReference(
            type, ctx.traceIdHigh(), ctx.traceIdLow(), ctx.spanId(), ctx.flags(), ctx.traceState()));
    return out;
  }

  private Tracer.SpanBuilder putTag(String key, Object value) {
    put(key, value, tracer.limits.maxTags);
    return this;
  }

  private Tracer.SpanBuilder misuse(String what) {
    tracer.logMisuse(what, operationName);
    return this;
  }

  private static long nonZero(ThreadLocalRandom random) {
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    return id;
  }

  /**
   * The propagation view of any {@link SpanContext}: ours directly; an extracted one unwrapped;
   * a foreign one (another tracer's) through its hex ids, when they are valid.
   */
  static TraceContext toTraceContext(SpanContext ctx) {
    if (ctx instanceof RingtraceSpanContext) return (RingtraceSpanContext) ctx;
    if (ctx instanceof RemoteSpanContext) return ((RemoteSpanContext) ctx).extracted;
    if (ctx == null) return null;
    try {
      String traceId = ctx.toTraceId();
      String spanId = ctx.toSpanId();
      if (traceId == null || spanId == null) return null;
      int tl = traceId.length();
      if ((tl != 16 && tl != 32) || spanId.length() != 16) return null;
      if (!isHex(traceId) || !isHex(spanId)) return null;
      long high = tl == 32 ? Hex.parseUnchecked(traceId, 0, 16) : 0;
      long low = Hex.parseUnchecked(traceId, tl - 16, tl);
      long span = Hex.parseUnchecked(spanId, 0, 16);
      return ExtractedContext.create(high, low, span, 0, TraceFlags.DEFERRED, null, null);
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      return null;
    }
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }
}
