/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.benchmarks.pipeline;

/**
 * Counts the spans of a protobuf request by walking its wire format, without building messages:
 * every tag, varint and length down to the fields of each span is read and bounds-checked, and
 * each span must carry a trace id and a span id of the right length. Anything malformed throws
 * {@link IllegalArgumentException}.
 *
 * <p>This is how a collector's first stage sees a request (framing and ids), at a fraction of the
 * cost of materialising every attribute: the sink uses it so that its own decoding does not take
 * the CPU the tracer under test needs. {@link SpanSink} can still decode with the official classes
 * ({@link SpanSink.Decoding#FULL}); the tests check both count the same.
 */
final class WireWalker {

  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED32 = 5;

  private final byte[] buf;
  private int pos;

  private WireWalker(byte[] buf) {
    this.buf = buf;
  }

  /**
   * Spans of an OTLP {@code ExportTraceServiceRequest}: {@code resource_spans = 1} → {@code
   * scope_spans = 2} → {@code spans = 2}, each with {@code trace_id = 1} (16 bytes) and {@code
   * span_id = 2} (8 bytes).
   */
  static int countOtlpSpans(byte[] body) {
    WireWalker w = new WireWalker(body);
    int count = 0;
    while (w.pos < body.length) {
      int tag = w.readTag();
      if (tag == ((1 << 3) | LENGTH_DELIMITED)) {
        int end = w.enter();
        while (w.pos < end) {
          int rsTag = w.readTag();
          if (rsTag == ((2 << 3) | LENGTH_DELIMITED)) {
            int scopeEnd = w.enter();
            while (w.pos < scopeEnd) {
              int ssTag = w.readTag();
              if (ssTag == ((2 << 3) | LENGTH_DELIMITED)) {
                w.walkSpan(w.enter(), 1, 2, false);
                count++;
              } else {
                w.skip(ssTag);
              }
            }
            w.leave(scopeEnd);
          } else {
            w.skip(rsTag);
          }
        }
        w.leave(end);
      } else {
        w.skip(tag);
      }
    }
    return count;
  }

  /**
   * Spans of a Zipkin proto3 {@code ListOfSpans}: {@code spans = 1}, each with {@code trace_id =
   * 1} (8 or 16 bytes) and {@code id = 3} (8 bytes).
   */
  static int countZipkinSpans(byte[] body) {
    WireWalker w = new WireWalker(body);
    int count = 0;
    while (w.pos < body.length) {
      int tag = w.readTag();
      if (tag == ((1 << 3) | LENGTH_DELIMITED)) {
        w.walkSpan(w.enter(), 1, 3, true);
        count++;
      } else {
        w.skip(tag);
      }
    }
    return count;
  }

  /**
   * Walks one span's fields up to {@code end}: a trace id of 16 bytes (or 8 where {@code
   * allow64BitTraceId}, as Zipkin does) and a span id of 8 bytes are required.
   */
  private void walkSpan(int end, int traceIdField, int spanIdField, boolean allow64BitTraceId) {
    boolean traceId = false;
    boolean spanId = false;
    while (pos < end) {
      int tag = readTag();
      int field = tag >>> 3;
      if ((tag & 7) == LENGTH_DELIMITED && (field == traceIdField || field == spanIdField)) {
        int length = readLength();
        if (field == traceIdField) {
          if (length != 16 && !(allow64BitTraceId && length == 8)) {
            throw new IllegalArgumentException("trace id of " + length + " bytes");
          }
          traceId = true;
        } else {
          if (length != 8) {
            throw new IllegalArgumentException("span id of " + length + " bytes");
          }
          spanId = true;
        }
        pos += length;
      } else {
        skip(tag);
      }
    }
    leave(end);
    if (!traceId || !spanId) throw new IllegalArgumentException("span without trace id or span id");
  }

  private int readTag() {
    int tag = (int) readVarint();
    if ((tag >>> 3) == 0) throw new IllegalArgumentException("field number 0 at " + pos);
    return tag;
  }

  private long readVarint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= buf.length) throw new IllegalArgumentException("truncated varint");
      byte b = buf[pos++];
      value |= (long) (b & 0x7f) << shift;
      if (b >= 0) return value;
    }
    throw new IllegalArgumentException("varint longer than 10 bytes");
  }

  private int readLength() {
    long length = readVarint();
    if (length < 0 || length > buf.length - pos) {
      throw new IllegalArgumentException("length " + length + " past the end at " + pos);
    }
    return (int) length;
  }

  /** Reads a length and returns where the embedded message ends. */
  private int enter() {
    int length = readLength();
    return pos + length;
  }

  private void leave(int end) {
    if (pos != end) throw new IllegalArgumentException("message overruns its length at " + pos);
  }

  private void skip(int tag) {
    switch (tag & 7) {
      case VARINT:
        readVarint();
        break;
      case FIXED64:
        advance(8);
        break;
      case LENGTH_DELIMITED:
        int length = readLength(); // not "pos += readLength()": that adds to the old pos
        pos += length;
        break;
      case FIXED32:
        advance(4);
        break;
      default:
        throw new IllegalArgumentException("wire type " + (tag & 7) + " at " + pos);
    }
  }

  private void advance(int n) {
    if (n > buf.length - pos) throw new IllegalArgumentException("truncated at " + pos);
    pos += n;
  }
}
