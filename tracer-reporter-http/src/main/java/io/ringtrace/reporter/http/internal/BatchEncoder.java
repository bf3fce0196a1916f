/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.internal;

import io.ringtrace.core.FinishedSpan;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a batch of finished spans into request bodies, none larger than a given number of bytes.
 * Internal, not for public use.
 *
 * <p>Two passes, as hand-written protobuf needs them. {@link #prepare} runs the size pass over the
 * whole batch: it computes what each span will cost in a request and leaves, in int and reference
 * queues ({@link #addInt}, {@link #addRef}), everything the write pass must not compute again (nested message sizes,
 * truncated or derived strings). A span too large for a request on its own is sized again with
 * its longest values truncated (a binary search on the longest value kept), or dropped if even
 * empty values do not fit. {@link #encodeRequest} then packs as many spans as fit into one
 * request, in batch order, and writes them into a buffer that is reused from batch to batch.
 *
 * <p><b>Threads.</b> Not thread-safe: one exporter thread owns an instance, between {@link
 * #prepare} and {@link #clear()}. The body returned by {@link #body()} is valid until the next
 * call of {@link #encodeRequest}.
 */
public abstract class BatchEncoder {

  private static final int DROPPED = -1;

  private List<FinishedSpan> spans;
  private int count;
  private int maxRequestBytes;
  private int truncated;

  // Per span of the batch: the bytes it adds to a request (or DROPPED), and where its entries in
  // ints and refs begin.
  private int[] cost = new int[64];
  private int[] intStart = new int[64];
  private int[] refStart = new int[64];

  /** Filled by the size pass, read back in the same order by the write pass. */
  private int[] ints = new int[256];

  private int intCount;
  private Object[] refs = new Object[256];
  private int refCount;
  private int intCursor;
  private int refCursor;

  private Object[] groups = new Object[4]; // distinct group keys of the request being packed
  private int groupCount;

  private byte[] buffer = new byte[8192];
  private int length;
  private int requestSpanCount;

  /** UTF-8 of the strings that come back from span to span; for the subclasses' string fields. */
  final Utf8Cache utf8 = new Utf8Cache();

  protected BatchEncoder() {}

  /** The {@code Content-Type} of the bodies. */
  public abstract String contentType();

  /**
   * The size pass over {@code spans}.
   *
   * @return how many spans were dropped because they cannot fit in {@code maxRequestBytes} even
   *     with empty values
   */
  public final int prepare(List<FinishedSpan> spans, int maxRequestBytes) {
    clear();
    int n = spans.size();
    this.spans = spans;
    this.count = n;
    this.maxRequestBytes = maxRequestBytes;
    if (cost.length < n) {
      int capacity = Math.max(n, cost.length * 2);
      cost = new int[capacity];
      intStart = new int[capacity];
      refStart = new int[capacity];
    }
    int dropped = 0;
    for (int i = 0; i < n; i++) {
      FinishedSpan span = spans.get(i);
      intStart[i] = intCount;
      refStart[i] = refCount;
      int budget = maxRequestBytes - requestOverhead() - groupOverhead(span);
      int c = sizeAgain(i, span, Integer.MAX_VALUE);
      if (c > budget) {
        if (sizeAgain(i, span, 0) > budget) {
          sizeAgain(i, span, -1); // forget what the attempts left behind
          cost[i] = DROPPED;
          dropped++;
          continue;
        }
        // Largest limit that fits; no value longer than the whole request can fit.
        int fits = 0;
        int tooBig = maxRequestBytes;
        while (tooBig - fits > 1) {
          int mid = (fits + tooBig) >>> 1;
          if (sizeAgain(i, span, mid) <= budget) {
            fits = mid;
          } else {
            tooBig = mid;
          }
        }
        c = sizeAgain(i, span, fits);
        truncated++;
      }
      cost[i] = c;
    }
    return dropped;
  }

  /** Rewinds the size pass to the start of span {@code i} and sizes it with {@code valueLimit}. */
  private int sizeAgain(int i, FinishedSpan span, int valueLimit) {
    for (int r = refStart[i]; r < refCount; r++) refs[r] = null;
    intCount = intStart[i];
    refCount = refStart[i];
    return valueLimit < 0 ? 0 : sizeSpan(i, span, valueLimit);
  }

  /** Spans of the last {@link #prepare} that had values truncated to fit. */
  public final int truncatedCount() {
    return truncated;
  }

  /** The number of spans in the prepared batch. */
  public final int spanCount() {
    return count;
  }

  /** Spans in {@code [from, to)} that were not dropped by {@link #prepare}. */
  public final int liveCount(int from, int to) {
    int live = 0;
    for (int i = from; i < to; i++) {
      if (cost[i] != DROPPED) live++;
    }
    return live;
  }

  /**
   * Writes the next request: the spans from {@code from} on, as many as fit.
   *
   * @return the index after the last span the request covers; {@link #requestSpanCount()} spans
   *     of that range are in it, the others were dropped by {@link #prepare}
   */
  public final int encodeRequest(int from) {
    long total = requestOverhead();
    groupCount = 0;
    int live = 0;
    int i = from;
    for (; i < count; i++) {
      int c = cost[i];
      if (c == DROPPED) continue;
      FinishedSpan span = spans.get(i);
      Object group = groupKey(span);
      boolean newGroup = group != null && !hasGroup(group);
      long add = c + (newGroup ? groupOverhead(span) : 0);
      if (live > 0 && total + add > maxRequestBytes) break;
      total += add;
      if (newGroup) addGroup(group);
      live++;
    }
    requestSpanCount = live;
    if (live == 0) {
      length = 0;
    } else {
      length = writeRequest(from, i);
    }
    return i;
  }

  /** Spans in the body of the last {@link #encodeRequest}. */
  public final int requestSpanCount() {
    return requestSpanCount;
  }

  /** The body of the last {@link #encodeRequest}: {@link #bodyLength()} bytes from index 0. */
  public final byte[] body() {
    return buffer;
  }

  public final int bodyLength() {
    return length;
  }

  /** Lets go of the batch: the spans, and the strings the size pass kept. */
  public final void clear() {
    if (count > 0) onClear(count);
    Arrays.fill(refs, 0, refCount, null);
    Arrays.fill(groups, 0, groupCount, null);
    spans = null;
    count = 0;
    intCount = 0;
    refCount = 0;
    groupCount = 0;
    truncated = 0;
  }

  // -----------------------------------------------------------------------------------------------
  // For the formats

  /**
   * The size pass of one span: records in {@link #addInt} / {@link #addRef} what its write pass
   * will need and answers the bytes the span adds to a request (its field tag and length prefix,
   * or separator, included).
   *
   * <p>Called again for the same span, with a smaller limit, when it did not fit: the base rewinds
   * the int and reference queues; an encoder that keeps its own per-span state overwrites it.
   *
   * @param i the index of the span in the batch
   * @param valueLimit the most chars of a tag, attribute or annotation value to keep
   */
  protected abstract int sizeSpan(int i, FinishedSpan span, int valueLimit);

  /**
   * Writes the request of the live spans in {@code [from, to)} into {@link #ensureBuffer}'s array
   * and answers its length, which must not exceed what {@link #encodeRequest} planned.
   */
  protected abstract int writeRequest(int from, int to);

  /** Bytes every request has besides its spans. */
  protected abstract int requestOverhead();

  /** Called by {@link #clear()}: drop what the size pass kept for the {@code count} spans. */
  protected void onClear(int count) {}

  /** Spans with different keys go to different groups of a request (OTLP: by resource). */
  protected Object groupKey(FinishedSpan span) {
    return null;
  }

  /** The most bytes a group adds besides its spans; counted once per group per request. */
  protected int groupOverhead(FinishedSpan span) {
    return 0;
  }

  protected final FinishedSpan span(int i) {
    return spans.get(i);
  }

  protected final boolean isLive(int i) {
    return cost[i] != DROPPED;
  }

  /** What span {@code i} adds to a request, as its size pass answered. */
  protected final int cost(int i) {
    return cost[i];
  }

  protected final void addInt(int value) {
    if (intCount == ints.length) ints = Arrays.copyOf(ints, ints.length * 2);
    ints[intCount++] = value;
  }

  /** Reserves an int to be set later with {@link #setInt}; answers its index. */
  protected final int reserveInt() {
    addInt(0);
    return intCount - 1;
  }

  protected final void setInt(int index, int value) {
    ints[index] = value;
  }

  protected final void addRef(Object value) {
    if (refCount == refs.length) refs = Arrays.copyOf(refs, refs.length * 2);
    refs[refCount++] = value;
  }

  /** Points the write pass at the first entry span {@code i} left in ints and refs. */
  protected final void beginWrite(int i) {
    intCursor = intStart[i];
    refCursor = refStart[i];
  }

  protected final int nextInt() {
    return ints[intCursor++];
  }

  protected final Object nextRef() {
    return refs[refCursor++];
  }

  /** The reused buffer, grown to at least {@code size} bytes. */
  protected final byte[] ensureBuffer(int size) {
    if (buffer.length < size) buffer = new byte[Math.max(size, Math.min(buffer.length * 2, maxRequestBytes))];
    return buffer;
  }

  private boolean hasGroup(Object group) {
    for (int g = 0; g < groupCount; g++) {
      if (groups[g] == group) return true;
    }
    return false;
  }

  private void addGroup(Object group) {
    if (groupCount == groups.length) groups = Arrays.copyOf(groups, groupCount * 2);
    groups[groupCount++] = group;
  }
}
