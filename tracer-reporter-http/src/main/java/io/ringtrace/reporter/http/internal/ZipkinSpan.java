/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.internal;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.LogRecord;
import io.ringtrace.core.Resource;
import io.ringtrace.propagation.TraceFlags;
import java.util.Arrays;
import java.util.Map;

/**
 * One finished span as Zipkin v2 sees it, filled in by the size pass and read by the write pass
 * of both Zipkin encoders. Reused: an encoder keeps one per span of its largest batch.
 *
 * <p>Mapping (OpenTracing to Zipkin): a {@code span.kind} tag of {@code client}, {@code server},
 * {@code producer} or {@code consumer} becomes the kind; the service name becomes the local
 * endpoint; {@code peer.service}, {@code peer.ipv4}, {@code peer.ipv6} and {@code peer.port} become
 * the remote endpoint ({@code peer.hostname} names it when there is no {@code peer.service}, and
 * stays a tag); a log becomes an annotation (its {@code event} field alone, or {@code key=value}
 * pairs joined by spaces); every other tag, and the tracer's tags, become string tags; {@code
 * error=true} becomes the tag {@code error} holding the error message (or {@code true}), {@code
 * error=false} is left out because Zipkin treats any {@code error} tag as an error. Timestamps are
 * microseconds; a duration under one microsecond is written as one. A trace id whose upper half is
 * zero is written as 64 bits.
 */
final class ZipkinSpan {

  static final String PEER_SERVICE = "peer.service";
  static final String PEER_HOSTNAME = "peer.hostname";
  static final String PEER_IPV4 = "peer.ipv4";
  static final String PEER_IPV6 = "peer.ipv6";
  static final String PEER_PORT = "peer.port";

  // Zipkin's Span.Kind, in proto3 numbering
  static final int KIND_CLIENT = 1;
  static final int KIND_SERVER = 2;
  static final int KIND_PRODUCER = 3;
  static final int KIND_CONSUMER = 4;

  long traceIdHigh;
  long traceIdLow;
  long parentId;
  long id;
  int kind; // 0 = none
  String name;
  long timestampMicros; // 0 = none
  long durationMicros; // 0 = none
  String localServiceName;

  boolean hasRemote;
  String remoteServiceName; // null = none
  boolean hasIpv4;
  int ipv4;
  String ipv4Text; // as given, for JSON; null when given as a number
  byte[] ipv6; // null = none
  String ipv6Text;
  int port; // 0 = none

  int annotationCount;
  long[] annotationTimestamp = new long[4];
  String[] annotationValue = new String[4];

  int tagCount;
  String[] tagKey = new String[8];
  String[] tagValue = new String[8];

  boolean debug;

  /** Encoders' per-span scratch (e.g. nested sizes), sized by the encoder. */
  int[] sizes = new int[8];

  /** Fills this from {@code span}, keeping at most {@code valueLimit} chars of each value. */
  void fill(FinishedSpan span, int valueLimit) {
    clear();
    traceIdHigh = span.traceIdHigh();
    traceIdLow = span.traceIdLow();
    parentId = span.parentSpanIdAsLong();
    id = span.spanIdAsLong();
    name = SpanMapping.wellFormed(span.operationName());
    long start = span.startEpochNanos() / 1000;
    timestampMicros = start;
    if (start != 0) durationMicros = Math.max(1, span.endEpochNanos() / 1000 - start);
    Resource resource = span.resource();
    localServiceName = SpanMapping.wellFormed(resource.serviceName());
    debug = (span.flags() & TraceFlags.DEBUG) != 0;

    int kindIndex = -1;
    int serviceIndex = -1;
    int ipv4Index = -1;
    int ipv6Index = -1;
    int portIndex = -1;
    int hostIndex = -1;
    int errorIndex = -1;
    for (int i = 0, n = span.tagCount(); i < n; i++) {
      String key = span.tagKey(i);
      Object value = span.tagValue(i);
      switch (key) {
        case SpanMapping.SPAN_KIND:
          kind = zipkinKind(SpanMapping.kind(value));
          if (kind != 0) kindIndex = i;
          break;
        case PEER_SERVICE:
          if (value instanceof String && !((String) value).isEmpty()) {
            remoteServiceName = SpanMapping.wellFormed((String) value);
            serviceIndex = i;
          }
          break;
        case PEER_HOSTNAME:
          hostIndex = i;
          break;
        case PEER_IPV4:
          if (parseIpv4(value)) ipv4Index = i;
          break;
        case PEER_IPV6:
          if (value instanceof String) {
            byte[] parsed = Ipv6.parse((String) value);
            if (parsed != null) {
              ipv6 = parsed;
              ipv6Text = (String) value;
              ipv6Index = i;
            }
          }
          break;
        case PEER_PORT:
          int p = port(value);
          if (p > 0) {
            port = p;
            portIndex = i;
          }
          break;
        case SpanMapping.ERROR:
          errorIndex = i;
          break;
        default:
      }
    }
    if (remoteServiceName == null && hostIndex >= 0 && span.tagValue(hostIndex) instanceof String) {
      String host = (String) span.tagValue(hostIndex);
      if (!host.isEmpty()) remoteServiceName = SpanMapping.wellFormed(host);
    }
    hasRemote = remoteServiceName != null || hasIpv4 || ipv6 != null || port != 0;

    for (int i = 0, n = span.tagCount(); i < n; i++) {
      if (i == kindIndex || i == serviceIndex || i == ipv4Index || i == ipv6Index || i == portIndex) {
        continue;
      }
      String key = span.tagKey(i);
      if (key.isEmpty()) continue; // Zipkin has no place for it
      if (i == errorIndex) {
        Object value = span.tagValue(i);
        if (SpanMapping.isTrue(value)) {
          String message = SpanMapping.errorMessage(span);
          addTag(key, SpanMapping.limit(message != null ? message : "true", valueLimit));
        } else if (!(value instanceof Boolean) && !"false".equalsIgnoreCase(String.valueOf(value))) {
          addTag(key, SpanMapping.limit(SpanMapping.toText(value), valueLimit));
        }
        continue;
      }
      addTag(key, SpanMapping.limit(SpanMapping.toText(span.tagValue(i)), valueLimit));
    }
    Map<String, Object> resourceTags = resource.tags();
    if (!resourceTags.isEmpty()) {
      for (Map.Entry<String, Object> tag : resourceTags.entrySet()) {
        String key = tag.getKey();
        if (key.isEmpty() || SpanMapping.tagIndex(span, key) >= 0) continue; // the span's wins
        addTag(key, SpanMapping.limit(SpanMapping.toText(tag.getValue()), valueLimit));
      }
    }

    StringBuilder text = null;
    for (int l = 0, n = span.logCount(); l < n; l++) {
      LogRecord log = span.log(l);
      long timestamp = log.timestampEpochNanos() / 1000;
      int fields = log.fieldCount();
      if (timestamp == 0 || fields == 0) continue; // Zipkin drops annotations without either
      String value;
      if (fields == 1 && SpanMapping.EVENT.equals(log.fieldKey(0))) {
        value = SpanMapping.toText(log.fieldValue(0));
      } else {
        if (text == null) text = new StringBuilder(64);
        text.setLength(0);
        for (int f = 0; f < fields; f++) {
          if (f > 0) text.append(' ');
          text.append(log.fieldKey(f)).append('=');
          Object v = log.fieldValue(f);
          if (v instanceof String) {
            text.append((String) v);
          } else {
            text.append(SpanMapping.toText(v));
          }
          if (text.length() > valueLimit) break;
        }
        value = text.toString();
      }
      value = SpanMapping.limit(value, valueLimit);
      if (value.isEmpty()) continue;
      addAnnotation(timestamp, value);
    }
  }

  /** Lets go of the strings of the last span. */
  void clear() {
    Arrays.fill(tagKey, 0, tagCount, null);
    Arrays.fill(tagValue, 0, tagCount, null);
    Arrays.fill(annotationValue, 0, annotationCount, null);
    tagCount = 0;
    annotationCount = 0;
    kind = 0;
    name = null;
    timestampMicros = 0;
    durationMicros = 0;
    localServiceName = null;
    hasRemote = false;
    remoteServiceName = null;
    hasIpv4 = false;
    ipv4 = 0;
    ipv4Text = null;
    ipv6 = null;
    ipv6Text = null;
    port = 0;
    debug = false;
  }

  /** The trace id as Zipkin wants it: 16 hex chars when the upper half is zero, else 32. */
  boolean is128Bit() {
    return traceIdHigh != 0;
  }

  int[] sizes(int n) {
    if (sizes.length < n) sizes = new int[Math.max(n, sizes.length * 2)];
    return sizes;
  }

  private void addTag(String key, String value) {
    key = SpanMapping.wellFormed(key);
    value = SpanMapping.wellFormed(value);
    if (tagCount == tagKey.length) {
      tagKey = Arrays.copyOf(tagKey, tagCount * 2);
      tagValue = Arrays.copyOf(tagValue, tagCount * 2);
    }
    tagKey[tagCount] = key;
    tagValue[tagCount++] = value;
  }

  private void addAnnotation(long timestamp, String value) {
    value = SpanMapping.wellFormed(value);
    if (annotationCount == annotationValue.length) {
      annotationValue = Arrays.copyOf(annotationValue, annotationCount * 2);
      annotationTimestamp = Arrays.copyOf(annotationTimestamp, annotationCount * 2);
    }
    annotationTimestamp[annotationCount] = timestamp;
    annotationValue[annotationCount++] = value;
  }

  private boolean parseIpv4(Object value) {
    if (value instanceof Integer) { // the OpenTracing convention allows the address as an int
      ipv4 = (Integer) value;
      hasIpv4 = true;
      return true;
    }
    if (!(value instanceof String)) return false;
    String s = (String) value;
    int address = 0;
    int parts = 0;
    int i = 0;
    int n = s.length();
    while (i < n) {
      int start = i;
      int part = 0;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
        part = part * 10 + (s.charAt(i++) - '0');
      }
      if (i == start || part > 255) return false;
      address = (address << 8) | part;
      parts++;
      if (i < n) {
        if (s.charAt(i) != '.' || parts == 4) return false;
        i++;
        if (i == n) return false;
      }
    }
    if (parts != 4) return false;
    ipv4 = address;
    ipv4Text = s;
    hasIpv4 = true;
    return true;
  }

  private static int port(Object value) {
    long p;
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      p = ((Number) value).longValue();
    } else if (value instanceof String) {
      try {
        p = Integer.parseInt((String) value);
      } catch (NumberFormatException e) {
        return 0;
      }
    } else {
      return 0;
    }
    return p > 0 && p <= 0xffff ? (int) p : 0;
  }

  private static int zipkinKind(int kind) {
    switch (kind) {
      case SpanMapping.KIND_CLIENT:
        return KIND_CLIENT;
      case SpanMapping.KIND_SERVER:
        return KIND_SERVER;
      case SpanMapping.KIND_PRODUCER:
        return KIND_PRODUCER;
      case SpanMapping.KIND_CONSUMER:
        return KIND_CONSUMER;
      default:
        return 0;
    }
  }

  /** A strict IPv6 text parser: literal addresses only, never a name lookup. */
  static final class Ipv6 {
    private Ipv6() {}

    /** The 16 bytes of {@code s}, or {@code null} if it is not an IPv6 address literal. */
    static byte[] parse(String s) {
      int n = s.length();
      if (n < 2 || n > 45 || s.indexOf(':') < 0) return null;
      int[] groups = new int[8];
      int count = 0;
      int compressAt = -1;
      int i = 0;
      if (s.startsWith("::")) {
        compressAt = 0;
        i = 2;
        if (i == n) return new byte[16];
      } else if (s.charAt(0) == ':') {
        return null;
      }
      while (i < n) {
        if (count == 8) return null;
        int start = i;
        int value = 0;
        while (i < n && i - start < 4 && Character.digit(s.charAt(i), 16) >= 0) {
          value = (value << 4) | Character.digit(s.charAt(i++), 16);
        }
        if (i < n && s.charAt(i) == '.') { // dotted IPv4 tail
          if (count > 6) return null;
          long v4 = ipv4Tail(s, start);
          if (v4 < 0) return null;
          groups[count++] = (int) (v4 >>> 16) & 0xffff;
          groups[count++] = (int) v4 & 0xffff;
          i = n;
          break;
        }
        if (i == start) return null;
        groups[count++] = value;
        if (i == n) break;
        if (s.charAt(i) != ':') return null;
        i++;
        if (i < n && s.charAt(i) == ':') {
          if (compressAt >= 0) return null;
          compressAt = count;
          i++;
          if (i == n) break;
        } else if (i == n) {
          return null;
        }
      }
      if (compressAt < 0 ? count != 8 : count > 7) return null;
      byte[] bytes = new byte[16];
      int zeros = 8 - count;
      int out = 0;
      for (int g = 0; g < count; g++) {
        if (g == compressAt) out += zeros;
        bytes[2 * out] = (byte) (groups[g] >>> 8);
        bytes[2 * out + 1] = (byte) groups[g];
        out++;
      }
      return bytes;
    }

    /** The address, or -1 if {@code s} from {@code from} on is not a dotted IPv4 address. */
    private static long ipv4Tail(String s, int from) {
      long address = 0;
      int parts = 0;
      int i = from;
      int n = s.length();
      while (i < n) {
        int start = i;
        int part = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
          part = part * 10 + (s.charAt(i++) - '0');
        }
        if (i == start || part > 255) return -1;
        address = (address << 8) | part;
        parts++;
        if (i < n) {
          if (s.charAt(i) != '.' || parts == 4) return -1;
          i++;
          if (i == n) return -1;
        }
      }
      return parts == 4 ? address : -1;
    }
  }
}
