/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A compact, versioned binary layout of a {@link TraceContext}, for OpenTracing's {@code BINARY}
 * format. All integers are big-endian:
 *
 * <pre>
 * offset size  field
 *  0      1    version, 0
 *  1      8    trace id, high 64 bits (0 for a 64-bit trace id)
 *  9      8    trace id, low 64 bits
 * 17      8    span id
 * 25      4    flags ({@link TraceFlags}: the W3C byte, DEBUG, DEFERRED; other bits are ignored)
 * 29      2    n = number of baggage items
 * 31     ...   n times: 2-byte key length, UTF-8 key, 2-byte value length, UTF-8 value
 * </pre>
 *
 * <p>A record is at most {@value #MAX_LENGTH} bytes. Writing drops whole baggage items that would
 * make it longer (never a part of one) and writes unpaired surrogates as U+FFFD; {@link
 * #encodedLength} is exact. Reading never throws and allocates at most what the record holds:
 * a record that is truncated, longer than the limit, of another version, with zero ids, or whose
 * counts and lengths do not add up gives {@code null}; invalid UTF-8 becomes U+FFFD; a repeated
 * key keeps its last value. Bytes after the record are left alone.
 *
 * <p>A later version may append fields; it will get a new version number, which this version
 * refuses rather than misreads.
 */
public final class BinaryPropagator {

  static final byte VERSION = 0;
  static final int HEADER_LENGTH = 31;

  /** The most bytes of one record, written or read. */
  public static final int MAX_LENGTH = 16 * 1024;

  private static final int KNOWN_FLAGS =
      TraceFlags.W3C_MASK | TraceFlags.DEBUG | TraceFlags.DEFERRED;

  private static final BinaryPropagator INSTANCE = new BinaryPropagator();

  /** The shared instance. */
  public static BinaryPropagator getInstance() {
    return INSTANCE;
  }

  private BinaryPropagator() {}

  /** The number of bytes {@link #inject} writes for {@code context} (0 for {@code null}). */
  public int encodedLength(TraceContext context) {
    if (context == null) return 0;
    int length = HEADER_LENGTH;
    Map<String, String> baggage = context.baggage();
    if (baggage == null) return length;
    for (Map.Entry<String, String> e : baggage.entrySet()) {
      int item = itemLength(e.getKey(), e.getValue());
      if (item > 0 && length + item <= MAX_LENGTH) length += item;
    }
    return length;
  }

  /** The bytes of one baggage item, or 0 when it cannot be written. */
  private static int itemLength(String key, String value) {
    if (key == null || value == null) return 0;
    return 4 + utf8Length(key) + utf8Length(value);
  }

  /**
   * Writes {@code context} at the buffer's position, advancing it; answers false, writing
   * nothing, when the context is invalid or the buffer has too little room.
   */
  public boolean inject(TraceContext context, ByteBuffer buffer) {
    if (context == null || buffer == null || buffer.isReadOnly()) return false;
    long high = context.traceIdHigh();
    long low = context.traceIdLow();
    long spanId = context.spanId();
    if ((high == 0 && low == 0) || spanId == 0) return false;
    int length = encodedLength(context);
    if (buffer.remaining() < length) return false;
    buffer.put(VERSION);
    buffer.putLong(high);
    buffer.putLong(low);
    buffer.putLong(spanId);
    buffer.putInt(context.flags() & KNOWN_FLAGS);
    int countAt = buffer.position();
    buffer.putShort((short) 0);
    Map<String, String> baggage = context.baggage();
    int count = 0;
    if (baggage != null) {
      // The same selection as encodedLength: items in order, each while the record stays short.
      int written = HEADER_LENGTH;
      for (Map.Entry<String, String> e : baggage.entrySet()) {
        String key = e.getKey();
        String value = e.getValue();
        int item = itemLength(key, value);
        if (item == 0 || written + item > MAX_LENGTH) continue;
        putString(buffer, key);
        putString(buffer, value);
        written += item;
        count++;
      }
    }
    buffer.putShort(countAt, (short) count);
    return true;
  }

  /**
   * Reads a context at the buffer's position. On success the position moves past the record; on
   * failure it stays.
   *
   * @return the context, or {@code null} when there is no valid one
   */
  public ExtractedContext extract(ByteBuffer buffer) {
    if (buffer == null) return null;
    int start = buffer.position();
    int end = start + Math.min(buffer.remaining(), MAX_LENGTH);
    if (end - start < HEADER_LENGTH || buffer.get(start) != VERSION) return null;
    long high = buffer.getLong(start + 1);
    long low = buffer.getLong(start + 9);
    long spanId = buffer.getLong(start + 17);
    int flags = buffer.getInt(start + 25) & KNOWN_FLAGS;
    int count = buffer.getShort(start + 29) & 0xffff;
    if ((high == 0 && low == 0) || spanId == 0) return null;
    int p = start + HEADER_LENGTH;
    // Each item takes at least 4 bytes, so a hostile count cannot make us allocate much.
    if (count > (end - p) / 4) return null;
    Map<String, String> baggage = null;
    if (count > 0) {
      LinkedHashMap<String, String> items = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        if (end - p < 2) return null;
        int keyLength = buffer.getShort(p) & 0xffff;
        p += 2;
        if (end - p < keyLength + 2) return null;
        String key = getString(buffer, p, keyLength);
        p += keyLength;
        int valueLength = buffer.getShort(p) & 0xffff;
        p += 2;
        if (end - p < valueLength) return null;
        String value = getString(buffer, p, valueLength);
        p += valueLength;
        items.put(key, value);
      }
      baggage = Collections.unmodifiableMap(items);
    }
    ExtractedContext context = ExtractedContext.create(high, low, spanId, 0L, flags, null, baggage);
    if (context != null) buffer.position(p);
    return context;
  }

  @Override
  public String toString() {
    return "BinaryPropagator{version=" + VERSION + '}';
  }

  private static void putString(ByteBuffer buffer, String s) {
    int lengthAt = buffer.position();
    buffer.putShort((short) 0);
    int from = buffer.position();
    for (int i = 0, len = s.length(); i < len; i++) {
      char c = s.charAt(i);
      int cp = c;
      if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
        cp = Character.toCodePoint(c, s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        cp = 0xfffd;
      }
      if (cp < 0x80) {
        buffer.put((byte) cp);
      } else if (cp < 0x800) {
        buffer.put((byte) (0xc0 | (cp >> 6)));
        buffer.put((byte) (0x80 | (cp & 0x3f)));
      } else if (cp < 0x10000) {
        buffer.put((byte) (0xe0 | (cp >> 12)));
        buffer.put((byte) (0x80 | ((cp >> 6) & 0x3f)));
        buffer.put((byte) (0x80 | (cp & 0x3f)));
      } else {
        buffer.put((byte) (0xf0 | (cp >> 18)));
        buffer.put((byte) (0x80 | ((cp >> 12) & 0x3f)));
        buffer.put((byte) (0x80 | ((cp >> 6) & 0x3f)));
        buffer.put((byte) (0x80 | (cp & 0x3f)));
      }
    }
    buffer.putShort(lengthAt, (short) (buffer.position() - from));
  }

  private static String getString(ByteBuffer buffer, int at, int length) {
    if (length == 0) return "";
    if (buffer.hasArray()) {
      return new String(buffer.array(), buffer.arrayOffset() + at, length, StandardCharsets.UTF_8);
    }
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) bytes[i] = buffer.get(at + i);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** UTF-8 length as {@link #putString} writes it (an unpaired surrogate as 3-byte U+FFFD). */
  static int utf8Length(String s) {
    int n = 0;
    for (int i = 0, len = s.length(); i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < len
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
