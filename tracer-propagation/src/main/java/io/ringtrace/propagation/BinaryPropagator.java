/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A compact, versioned binary layout for a {@link TraceContext}, all integers big-endian:
 *
 * <pre>
 * offset size  field
 *  0      1    version, 0
 *  1      8    trace id, high 64 bits
 *  9      8    trace id, low 64 bits
 * 17      8    span id
 * 25      4    flags ({@link TraceFlags})
 * 29      2    n = number of baggage items
 *        ...   n times: 2-byte key length, UTF-8 key, 2-byte value length, UTF-8 value
 * </pre>
 *
 * Reading never throws: truncated, oversized or otherwise hostile input gives {@code null}.
 */
public final class BinaryPropagator {

  static final byte VERSION = 0;
  static final int HEADER_LENGTH = 31;
  /** The most bytes {@link #extract} reads; anything larger is refused. */
  public static final int MAX_LENGTH = 16 * 1024;

  private static final BinaryPropagator INSTANCE = new BinaryPropagator();

  /** The shared instance. */
  public static BinaryPropagator getInstance() {
    return INSTANCE;
  }

  private BinaryPropagator() {}

  /** The number of bytes {@link #inject} writes for {@code context}. */
  public int encodedLength(TraceContext context) {
    int length = HEADER_LENGTH;
    for (Map.Entry<String, String> e : context.baggage().entrySet()) {
      length += 4 + utf8Length(e.getKey()) + utf8Length(e.getValue());
    }
    return length;
  }

  /**
   * Writes {@code context} at the buffer's position; answers false (writing nothing) when the
   * buffer has too little room.
   */
  public boolean inject(TraceContext context, ByteBuffer buffer) {
    if (context == null || buffer == null) return false;
    int length = encodedLength(context);
    if (length > MAX_LENGTH || buffer.remaining() < length) return false;
    buffer.put(VERSION);
    buffer.putLong(context.traceIdHigh());
    buffer.putLong(context.traceIdLow());
    buffer.putLong(context.spanId());
    buffer.putInt(context.flags());
    Map<String, String> baggage = context.baggage();
    buffer.putShort((short) baggage.size());
    for (Map.Entry<String, String> e : baggage.entrySet()) {
      putString(buffer, e.getKey());
      putString(buffer, e.getValue());
    }
    return true;
  }

  /** Reads a context from the buffer's position; {@code null} when there is no valid one. */
  public ExtractedContext extract(ByteBuffer buffer) {
    if (buffer == null || buffer.remaining() < HEADER_LENGTH || buffer.remaining() > MAX_LENGTH) {
      return null;
    }
    try {
      if (buffer.get() != VERSION) return null;
      long high = buffer.getLong();
      long low = buffer.getLong();
      long spanId = buffer.getLong();
      int flags = buffer.getInt();
      int count = buffer.getShort() & 0xffff;
      Map<String, String> baggage = Collections.emptyMap();
      if (count > 0) {
        // Each item takes at least 4 bytes, so a hostile count cannot make us allocate much.
        if (count * 4 > buffer.remaining()) return null;
        baggage = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
          String key = getString(buffer);
          String value = getString(buffer);
          if (key == null || value == null) return null;
          baggage.put(key, value);
        }
        baggage = Collections.unmodifiableMap(baggage);
      }
      return ExtractedContext.create(high, low, spanId, 0L, flags, null, baggage);
    } catch (BufferUnderflowException e) {
      return null;
    }
  }

  private static void putString(ByteBuffer buffer, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    buffer.putShort((short) bytes.length);
    buffer.put(bytes);
  }

  private static String getString(ByteBuffer buffer) {
    int length = buffer.getShort() & 0xffff;
    if (length > buffer.remaining()) return null;
    byte[] bytes = new byte[length];
    buffer.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0, len = s.length(); i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3; // lone surrogates encode as '?', which is 1 byte; overestimating is harmless
      }
    }
    return n;
  }
}
