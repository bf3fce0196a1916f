/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.internal;

import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The UTF-8 bytes of the short strings an encoder meets again and again: tag keys, operation
 * names, values such as {@code GET} or {@code server}. Encoding a string to UTF-8 char by char,
 * once to size it and once to write it, was half of the time spent encoding a span; a hit here
 * costs a hash lookup and a copy. Internal, not for public use.
 *
 * <p>Direct-mapped by {@link String#hashCode()} (which the string caches), {@value #SLOTS}
 * slots of strings up to {@value #MAX_CHARS} chars, so at most about 100 KiB per encoder. A
 * string's bytes are stored only the second time it is seen in its slot: a value that is new on
 * every span (an id, a URL with a query) costs a hash and a comparison, never an allocation.
 *
 * <p>The bytes are what {@link String#getBytes(java.nio.charset.Charset)} gives for UTF-8, which is
 * also what protobuf writes (an unpaired surrogate becomes {@code ?} in both), so a string sizes
 * and writes the same whether it is cached or not.
 *
 * <p>Not thread-safe: owned by one encoder.
 */
final class Utf8Cache {

  static final int SLOTS = 1024;
  static final int MAX_CHARS = 64;

  private final String[] keys = new String[SLOTS];
  private final byte[][] bytes = new byte[SLOTS][];
  private final String[] candidates = new String[SLOTS]; // seen once in this slot

  /** The UTF-8 bytes of {@code s}, or null if it is not cached (yet). */
  byte[] get(String s) {
    if (s.length() > MAX_CHARS) return null;
    int slot = s.hashCode() & (SLOTS - 1);
    String key = keys[slot];
    if (key == s || (key != null && key.equals(s))) return bytes[slot];
    String candidate = candidates[slot];
    if (candidate == s || (candidate != null && candidate.equals(s))) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      keys[slot] = s;
      bytes[slot] = utf8;
      candidates[slot] = null;
      return utf8;
    }
    candidates[slot] = s;
    return null;
  }

  /** {@link CodedOutputStream#computeStringSizeNoTag}, from the cache when it can. */
  int stringSizeNoTag(String s) {
    byte[] utf8 = get(s);
    if (utf8 == null) return CodedOutputStream.computeStringSizeNoTag(s);
    return CodedOutputStream.computeUInt32SizeNoTag(utf8.length) + utf8.length;
  }

  /** {@link CodedOutputStream#writeStringNoTag}, from the cache when it can. */
  void writeStringNoTag(CodedOutputStream out, String s) throws IOException {
    byte[] utf8 = get(s);
    if (utf8 == null) {
      out.writeStringNoTag(s);
    } else {
      out.writeUInt32NoTag(utf8.length);
      out.writeRawBytes(utf8);
    }
  }
}
