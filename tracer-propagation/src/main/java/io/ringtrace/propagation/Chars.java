/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

/**
 * Character classes of HTTP (RFC 7230) shared by the codecs. All methods are allocation-free and
 * look only at the range they are given.
 */
final class Chars {

  // RFC 7230 tchar: "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`"
  // / "|" / "~" / DIGIT / ALPHA, as a bit set over the 128 ASCII characters.
  private static final long TCHAR_LO;
  private static final long TCHAR_HI;

  static {
    long lo = 0;
    long hi = 0;
    String specials = "!#$%&'*+-.^_`|~";
    for (int c = 0; c < 128; c++) {
      boolean t =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || specials.indexOf(c) >= 0;
      if (t) {
        if (c < 64) {
          lo |= 1L << c;
        } else {
          hi |= 1L << (c - 64);
        }
      }
    }
    TCHAR_LO = lo;
    TCHAR_HI = hi;
  }

  /**
   * How much optional whitespace a single-value header (an id, a flag) may carry around its
   * longest valid value before it is refused unread.
   */
  static final int OWS_ALLOWANCE = 32;

  private Chars() {}

  /**
   * True when {@code value} is longer than {@code maxLength} plus {@link #OWS_ALLOWANCE}: it
   * cannot be valid, and is refused without reading a character of it.
   */
  static boolean tooLong(String value, int maxLength) {
    return value.length() > maxLength + OWS_ALLOWANCE;
  }

  /** RFC 7230 {@code OWS}: space or horizontal tab. */
  static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  /** The first index in {@code [from, to)} that is not OWS, or {@code to}. */
  static int skipOws(CharSequence s, int from, int to) {
    while (from < to && isOws(s.charAt(from))) from++;
    return from;
  }

  /** The end of {@code [from, to)} with trailing OWS removed. */
  static int trimOwsEnd(CharSequence s, int from, int to) {
    while (to > from && isOws(s.charAt(to - 1))) to--;
    return to;
  }

  /** True when {@code c} is an RFC 7230 {@code tchar}. */
  static boolean isTokenChar(char c) {
    if (c < 64) return (TCHAR_LO & (1L << c)) != 0;
    if (c < 128) return (TCHAR_HI & (1L << (c - 64))) != 0;
    return false;
  }

  /** True when {@code [from, to)} is a non-empty RFC 7230 {@code token}. */
  static boolean isToken(CharSequence s, int from, int to) {
    if (from >= to) return false;
    for (int i = from; i < to; i++) {
      if (!isTokenChar(s.charAt(i))) return false;
    }
    return true;
  }

  /** True when {@code s} is a non-empty RFC 7230 {@code token}. */
  static boolean isToken(String s) {
    return s != null && isToken(s, 0, s.length());
  }

  /** {@code s.substring(from, to)}, without a copy when the range is the whole string. */
  static String slice(String s, int from, int to) {
    return from == 0 && to == s.length() ? s : s.substring(from, to);
  }

  /** {@code [from, to)} of {@code s} as a {@code String} (a substring of a {@code String}). */
  static String slice(CharSequence s, int from, int to) {
    return s instanceof String ? slice((String) s, from, to) : s.subSequence(from, to).toString();
  }

  /** True when the {@code length} characters of {@code s} at {@code a} and at {@code b} are equal. */
  static boolean regionEquals(CharSequence s, int a, int b, int length) {
    for (int i = 0; i < length; i++) {
      if (s.charAt(a + i) != s.charAt(b + i)) return false;
    }
    return true;
  }

  /**
   * The first index of {@code c} in {@code [from, to)}, or {@code to}: unlike {@code
   * String.indexOf}, it never reads past {@code to}, so that a scan for the end of one member of
   * a list cannot run to the end of the whole header.
   */
  static int indexOf(CharSequence s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) return i;
    }
    return to;
  }
}
