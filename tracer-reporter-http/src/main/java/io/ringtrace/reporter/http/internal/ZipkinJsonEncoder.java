/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.internal;

import io.ringtrace.core.FinishedSpan;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a Zipkin v2 JSON list of spans straight from finished spans into a reused buffer.
 * Internal, not for public use.
 *
 * <p>Mapping as described on {@link ZipkinSpan}. The size pass runs the same code as the write
 * pass with a writer that only counts, so the two cannot disagree.
 */
public final class ZipkinJsonEncoder extends BatchEncoder {

  /** The content type of the bodies. */
  public static final String CONTENT_TYPE = "application/json";

  private static final String[] KINDS = {null, "CLIENT", "SERVER", "PRODUCER", "CONSUMER"};
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private ZipkinSpan[] spans = new ZipkinSpan[0];
  private final JsonOut out = new JsonOut();

  public ZipkinJsonEncoder() {}

  @Override
  public String contentType() {
    return CONTENT_TYPE;
  }

  /** The brackets around the list, less the comma that a single span does not need. */
  @Override
  protected int requestOverhead() {
    return 1;
  }

  @Override
  protected int sizeSpan(int i, FinishedSpan span, int valueLimit) {
    ZipkinSpan z = zipkinSpan(i);
    z.fill(span, valueLimit);
    out.count();
    writeSpan(out, z);
    return out.pos + 1; // and its comma
  }

  @Override
  protected int writeRequest(int from, int to) {
    int total = 1;
    for (int i = from; i < to; i++) {
      if (isLive(i)) total += cost(i);
    }
    out.write(ensureBuffer(total));
    out.raw('[');
    boolean first = true;
    for (int i = from; i < to; i++) {
      if (!isLive(i)) continue;
      if (!first) out.raw(',');
      first = false;
      writeSpan(out, spans[i]);
    }
    out.raw(']');
    if (out.pos != total) throw new IllegalStateException("size " + total + " != " + out.pos);
    out.release();
    return total;
  }

  private static void writeSpan(JsonOut out, ZipkinSpan z) {
    out.ascii("{\"traceId\":\"");
    if (z.is128Bit()) out.hex(z.traceIdHigh);
    out.hex(z.traceIdLow);
    if (z.parentId != 0) {
      out.ascii("\",\"parentId\":\"");
      out.hex(z.parentId);
    }
    out.ascii("\",\"id\":\"");
    out.hex(z.id);
    out.raw('"');
    if (z.kind != 0) {
      out.ascii(",\"kind\":\"");
      out.ascii(KINDS[z.kind]);
      out.raw('"');
    }
    if (!z.name.isEmpty()) {
      out.ascii(",\"name\":");
      out.string(z.name);
    }
    if (z.timestampMicros != 0) {
      out.ascii(",\"timestamp\":");
      out.number(z.timestampMicros);
    }
    if (z.durationMicros != 0) {
      out.ascii(",\"duration\":");
      out.number(z.durationMicros);
    }
    out.ascii(",\"localEndpoint\":{\"serviceName\":");
    out.string(z.localServiceName);
    out.raw('}');
    if (z.hasRemote) {
      out.ascii(",\"remoteEndpoint\":{");
      boolean comma = false;
      if (z.remoteServiceName != null) {
        out.ascii("\"serviceName\":");
        out.string(z.remoteServiceName);
        comma = true;
      }
      if (z.hasIpv4) {
        if (comma) out.raw(',');
        out.ascii("\"ipv4\":\"");
        if (z.ipv4Text != null) {
          out.ascii(z.ipv4Text); // validated: digits and dots
        } else {
          for (int shift = 24; shift >= 0; shift -= 8) {
            out.number((z.ipv4 >>> shift) & 0xff);
            if (shift > 0) out.raw('.');
          }
        }
        out.raw('"');
        comma = true;
      }
      if (z.ipv6 != null) {
        if (comma) out.raw(',');
        out.ascii("\"ipv6\":");
        out.string(z.ipv6Text);
        comma = true;
      }
      if (z.port != 0) {
        if (comma) out.raw(',');
        out.ascii("\"port\":");
        out.number(z.port);
      }
      out.raw('}');
    }
    if (z.annotationCount > 0) {
      out.ascii(",\"annotations\":[");
      for (int a = 0; a < z.annotationCount; a++) {
        if (a > 0) out.raw(',');
        out.ascii("{\"timestamp\":");
        out.number(z.annotationTimestamp[a]);
        out.ascii(",\"value\":");
        out.string(z.annotationValue[a]);
        out.raw('}');
      }
      out.raw(']');
    }
    if (z.tagCount > 0) {
      out.ascii(",\"tags\":{");
      for (int t = 0; t < z.tagCount; t++) {
        if (t > 0) out.raw(',');
        out.string(z.tagKey[t]);
        out.raw(':');
        out.string(z.tagValue[t]);
      }
      out.raw('}');
    }
    if (z.debug) out.ascii(",\"debug\":true");
    out.raw('}');
  }

  @Override
  protected void onClear(int count) {
    for (int i = 0; i < count && i < spans.length; i++) spans[i].clear();
  }

  private ZipkinSpan zipkinSpan(int i) {
    if (i >= spans.length) {
      ZipkinSpan[] grown = Arrays.copyOf(spans, Math.max(i + 1, spans.length * 2));
      for (int j = spans.length; j < grown.length; j++) grown[j] = new ZipkinSpan();
      spans = grown;
    }
    return spans[i];
  }

  /**
   * Writes JSON as UTF-8 into an array, or, in counting mode, only counts the bytes it would
   * write. Strings are escaped as RFC 8259 requires, plus U+2028 and U+2029 for JavaScript
   * readers; an unpaired surrogate becomes {@code ?}, as {@link String#getBytes} would make it.
   */
  static final class JsonOut {
    byte[] buf; // null when counting
    int pos;

    void count() {
      buf = null;
      pos = 0;
    }

    void write(byte[] target) {
      buf = target;
      pos = 0;
    }

    void release() {
      buf = null;
    }

    void raw(char c) {
      if (buf != null) buf[pos] = (byte) c;
      pos++;
    }

    /** Writes {@code s}, which must be ASCII needing no escape. */
    void ascii(String s) {
      int n = s.length();
      if (buf != null) {
        for (int i = 0; i < n; i++) buf[pos + i] = (byte) s.charAt(i);
      }
      pos += n;
    }

    void hex(long v) {
      if (buf != null) {
        for (int shift = 60, i = 0; shift >= 0; shift -= 4, i++) {
          buf[pos + i] = HEX[(int) (v >>> shift) & 0xf];
        }
      }
      pos += 16;
    }

    void number(long v) {
      if (v < 0) {
        raw('-');
        if (v == Long.MIN_VALUE) {
          ascii("9223372036854775808");
          return;
        }
        v = -v;
      }
      int digits = 1;
      for (long p = 10; digits < 19 && v >= p; p *= 10) digits++;
      if (buf != null) {
        for (int i = pos + digits - 1; i >= pos; i--) {
          buf[i] = (byte) ('0' + (v % 10));
          v /= 10;
        }
      }
      pos += digits;
    }

    void string(String s) {
      raw('"');
      for (int i = 0, n = s.length(); i < n; i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          if (c >= 0x20 && c != '"' && c != '\\') {
            raw(c);
          } else {
            escape(c);
          }
        } else if (c < 0x800) {
          put(0xc0 | (c >> 6));
          put(0x80 | (c & 0x3f));
        } else if (c == '\u2028' || c == '\u2029') {
          escape(c);
        } else if (Character.isSurrogate(c)) {
          if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(++i));
            put(0xf0 | (cp >> 18));
            put(0x80 | ((cp >> 12) & 0x3f));
            put(0x80 | ((cp >> 6) & 0x3f));
            put(0x80 | (cp & 0x3f));
          } else {
            raw('?');
          }
        } else {
          put(0xe0 | (c >> 12));
          put(0x80 | ((c >> 6) & 0x3f));
          put(0x80 | (c & 0x3f));
        }
      }
      raw('"');
    }

    private void escape(char c) {
      switch (c) {
        case '"':
          ascii("\\\"");
          return;
        case '\\':
          ascii("\\\\");
          return;
        case '\n':
          ascii("\\n");
          return;
        case '\r':
          ascii("\\r");
          return;
        case '\t':
          ascii("\\t");
          return;
        case '\b':
          ascii("\\b");
          return;
        case '\f':
          ascii("\\f");
          return;
        default:
          raw('\\');
          raw('u');
          if (buf != null) {
            buf[pos] = HEX[(c >> 12) & 0xf];
            buf[pos + 1] = HEX[(c >> 8) & 0xf];
            buf[pos + 2] = HEX[(c >> 4) & 0xf];
            buf[pos + 3] = HEX[c & 0xf];
          }
          pos += 4;
      }
    }

    private void put(int b) {
      if (buf != null) buf[pos] = (byte) b;
      pos++;
    }
  }
}
