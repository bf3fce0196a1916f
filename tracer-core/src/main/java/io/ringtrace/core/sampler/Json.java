/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON parser (RFC 8259) for the sampling strategies a remote endpoint serves.
 *
 * <p><b>Values.</b> An object is an unmodifiable {@code Map<String, Object>} in document order, an
 * array an unmodifiable {@code List<Object>}, a string a {@link String}, a number a {@link Double},
 * {@code true}/{@code false} a {@link Boolean}, and {@code null} the sentinel {@link #NULL}.
 *
 * <p><b>Strict.</b> Exactly one value, surrounded only by JSON whitespace (space, tab, CR, LF);
 * no comments, no trailing commas, no single quotes, no leading zeros, no {@code NaN}, no
 * unescaped control characters in strings, no byte order mark, no duplicate names in an object.
 *
 * <p><b>Bounded.</b> Input longer than {@link #MAX_LENGTH} characters, nesting deeper than {@link
 * #MAX_DEPTH}, more than {@link #MAX_VALUES} values, and numbers longer than {@link
 * #MAX_NUMBER_LENGTH} characters are refused. Every step consumes input, so parsing ends after at
 * most one pass; recursion is bounded by the depth, so there is no stack overflow; memory is
 * bounded by the value count and the input length.
 *
 * <p><b>Failure.</b> {@link #parse} either returns a value or throws {@link JsonException} with
 * the position and reason; no other exception escapes for any input. Stateless and thread-safe.
 */
final class Json {

  /** The value of a JSON {@code null}. */
  static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  /** The longest input accepted, in characters: {@value}. */
  static final int MAX_LENGTH = 1 << 20;

  /** The deepest nesting of arrays and objects accepted: {@value}. */
  static final int MAX_DEPTH = 32;

  /** The most values (scalars, arrays, objects) in one document: {@value}. */
  static final int MAX_VALUES = 100_000;

  /** The longest number accepted, in characters: {@value}. */
  static final int MAX_NUMBER_LENGTH = 100;

  /** Why an input is not accepted. */
  static final class JsonException extends Exception {
    private static final long serialVersionUID = 1L;

    JsonException(String reason, int position) {
      super(reason + " at offset " + position, null, false, false); // no stack trace: expected
    }
  }

  private final String in;
  private final int length;
  private int pos;
  private int depth;
  private int values;

  private Json(String in) {
    this.in = in;
    this.length = in.length();
  }

  /** Parses {@code text}; see the class comment for the value types and limits. */
  static Object parse(String text) throws JsonException {
    if (text == null) throw new JsonException("no input", 0);
    if (text.length() > MAX_LENGTH) throw new JsonException("input too long", MAX_LENGTH);
    Json p = new Json(text);
    try {
      p.skipWhitespace();
      Object value = p.value();
      p.skipWhitespace();
      if (p.pos != p.length) throw p.fail("data after the value");
      return value;
    } catch (RuntimeException e) { // defensive: a bug of ours must not escape
      throw new JsonException("internal error " + e.getClass().getSimpleName(), p.pos);
    }
  }

  private Object value() throws JsonException {
    if (++values > MAX_VALUES) throw fail("too many values");
    if (pos == length) throw fail("unexpected end of input");
    char c = in.charAt(pos);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        literal("true");
        return Boolean.TRUE;
      case 'f':
        literal("false");
        return Boolean.FALSE;
      case 'n':
        literal("null");
        return NULL;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        throw fail("unexpected character " + describe(c));
    }
  }

  private Map<String, Object> object() throws JsonException {
    enter();
    pos++; // '{'
    Map<String, Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      depth--;
      return Collections.emptyMap();
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') throw fail("expected a name");
      int namePos = pos;
      String name = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      Object value = value();
      if (map.put(name, value) != null) {
        throw new JsonException("duplicate name '" + abbreviate(name) + "'", namePos);
      }
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == ',') continue;
      if (c == '}') break;
      pos--;
      throw fail("expected ',' or '}'");
    }
    depth--;
    return Collections.unmodifiableMap(map);
  }

  private List<Object> array() throws JsonException {
    enter();
    pos++; // '['
    List<Object> list = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      depth--;
      return Collections.emptyList();
    }
    while (true) {
      skipWhitespace();
      list.add(value());
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == ',') continue;
      if (c == ']') break;
      pos--;
      throw fail("expected ',' or ']'");
    }
    depth--;
    return Collections.unmodifiableList(list);
  }

  private String string() throws JsonException {
    pos++; // opening quote
    int start = pos;
    StringBuilder b = null; // only when there are escapes
    while (true) {
      if (pos == length) throw fail("unterminated string");
      char c = in.charAt(pos);
      if (c == '"') {
        String s = b == null ? in.substring(start, pos) : b.append(in, start, pos).toString();
        pos++;
        return s;
      }
      if (c < 0x20) throw fail("control character " + describe(c) + " in a string");
      if (c != '\\') {
        pos++;
        continue;
      }
      if (b == null) b = new StringBuilder(Math.min(64, length - start));
      b.append(in, start, pos);
      pos++; // backslash
      if (pos == length) throw fail("unterminated escape");
      char e = in.charAt(pos++);
      switch (e) {
        case '"':
        case '\\':
        case '/':
          b.append(e);
          break;
        case 'b':
          b.append('\b');
          break;
        case 'f':
          b.append('\f');
          break;
        case 'n':
          b.append('\n');
          break;
        case 'r':
          b.append('\r');
          break;
        case 't':
          b.append('\t');
          break;
        case 'u':
          b.append(hex4());
          break;
        default:
          pos--;
          throw fail("invalid escape " + describe(e));
      }
      start = pos;
    }
  }

  private char hex4() throws JsonException {
    if (length - pos < 4) throw fail("truncated \\u escape");
    int v = 0;
    for (int i = 0; i < 4; i++) {
      char c = in.charAt(pos);
      int d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        d = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        d = c - 'A' + 10;
      } else {
        throw fail("invalid hex digit " + describe(c) + " in \\u escape");
      }
      v = (v << 4) | d;
      pos++;
    }
    return (char) v;
  }

  private Double number() throws JsonException {
    int start = pos;
    if (peek() == '-') pos++;
    char c = peek();
    if (c == '0') {
      pos++;
    } else if (c >= '1' && c <= '9') {
      digits();
    } else {
      throw fail("expected a digit");
    }
    if (peek() == '.') {
      pos++;
      if (!isDigit(peek())) throw fail("expected a digit after '.'");
      digits();
    }
    c = peek();
    if (c == 'e' || c == 'E') {
      pos++;
      c = peek();
      if (c == '+' || c == '-') pos++;
      if (!isDigit(peek())) throw fail("expected a digit in the exponent");
      digits();
    }
    if (pos - start > MAX_NUMBER_LENGTH) throw new JsonException("number too long", start);
    // The grammar above is a subset of what parseDouble accepts, so this cannot throw.
    return Double.valueOf(in.substring(start, pos));
  }

  private void digits() {
    while (pos < length && isDigit(in.charAt(pos))) pos++;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private void literal(String word) throws JsonException {
    if (!in.startsWith(word, pos)) throw fail("invalid literal");
    pos += word.length();
  }

  private void enter() throws JsonException {
    if (++depth > MAX_DEPTH) throw fail("nesting deeper than " + MAX_DEPTH);
  }

  private void expect(char c) throws JsonException {
    if (peek() != c) throw fail("expected '" + c + "'");
    pos++;
  }

  /** The current character, or 0xFFFF at the end (never valid JSON outside strings). */
  private char peek() {
    return pos < length ? in.charAt(pos) : '\uffff';
  }

  private void skipWhitespace() {
    while (pos < length) {
      char c = in.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      pos++;
    }
  }

  private JsonException fail(String reason) {
    return new JsonException(pos >= length ? reason + " (end of input)" : reason, pos);
  }

  private static String describe(char c) {
    return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
