/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

/**
 * The W3C {@code tracestate} list, kept as a validated, normalised {@code String}: list-members
 * {@code key=value} joined by commas, without optional whitespace or empty members.
 *
 * <p>The rules of W3C Trace Context, section 3.3 (the grammar of the current text, Level 2, which
 * Level 1 receivers also accept):
 *
 * <ul>
 *   <li>a key is {@code (lcalpha / DIGIT) 0*255(keychar)}, {@code keychar = lcalpha / DIGIT / "_" /
 *       "-" / "*" / "/" / "@"}: 1 to 256 characters, starting with a lower-case letter or a digit,
 *       with {@code @} allowed anywhere after the first character (so the multi-tenant keys
 *       {@code tenant@system} of Level 1 are valid keys, and so are {@code foo@} and {@code
 *       foo@@bar}; {@code @foo} is not);
 *   <li>a value is 1 to 256 printable ASCII characters but {@code ,} and {@code =}, not ending in
 *       a space;
 *   <li>at most {@value #MAX_MEMBERS} list-members; empty and whitespace-only members and
 *       whitespace around members are allowed and dropped;
 *   <li>a key that comes again is no reason to lose the header: the first member with that key
 *       is kept, the later ones are dropped;
 *   <li>a member that breaks any other rule (a 257-character key, say) makes the whole header
 *       invalid, and it is discarded as a whole, as the W3C test suite expects;
 *   <li>Ringtrace propagates up to {@value #MAX_LENGTH} characters (the length the
 *       Recommendation asks every vendor to propagate). A longer list is truncated by whole
 *       members: members longer than {@value #LARGE_MEMBER} characters go first, then members
 *       from the end of the list.
 * </ul>
 *
 * <p>A header longer than {@value #MAX_HEADER_LENGTH} characters is refused unread (it cannot be a
 * list of 32 valid members plus reasonable whitespace); a shorter one is parsed in one pass whose
 * scans never run past the member they are in. Every method here is pure, never throws and
 * answers {@code null} for "no tracestate".
 */
public final class TraceState {

  /** The most list-members a {@code tracestate} may hold. */
  public static final int MAX_MEMBERS = 32;

  /** The most characters of {@code tracestate} Ringtrace propagates. */
  public static final int MAX_LENGTH = 512;

  /** Members longer than this are the first removed when truncating. */
  public static final int LARGE_MEMBER = 128;

  /** Longer (combined) headers are discarded without parsing. */
  public static final int MAX_HEADER_LENGTH = 32 * 1024;

  private static final int MAX_KEY_LENGTH = 256;
  private static final int MAX_VALUE_LENGTH = 256;

  private TraceState() {}

  /**
   * Validates and normalises a (combined) {@code tracestate} header value.
   *
   * @return the normalised list ({@code header} itself when it already is), or {@code null} when
   *     the header is absent, empty, invalid or too long
   */
  public static String parse(String header) {
    return header == null ? null : parse((CharSequence) header);
  }

  /**
   * {@link #parse(String)} of any character sequence. A header longer than {@value
   * #MAX_HEADER_LENGTH} is refused unread; otherwise each character is read a fixed number of
   * times (the duplicate-key check compares a key only with earlier keys of the same length, at
   * most {@value #MAX_MEMBERS} of them).
   */
  static String parse(CharSequence header) {
    int len = header.length();
    if (len == 0 || len > MAX_HEADER_LENGTH) return null;
    // The common case, a list already as we would write it, is checked without allocating.
    if (len <= MAX_LENGTH && isNormalisedList(header)) return Chars.slice(header, 0, len);
    // Member 0 lives in locals; a second member moves them into spans (start, eq, end triples).
    int s0 = 0;
    int q0 = 0;
    int e0 = 0;
    int[] spans = null;
    int count = 0;
    boolean normal = true;
    for (int i = 0; i <= len; ) {
      int comma = Chars.indexOf(header, ',', i, len);
      int s = Chars.skipOws(header, i, comma);
      int e = Chars.trimOwsEnd(header, s, comma);
      if (s != i || e != comma || s == e) normal = false;
      if (s < e) {
        int eq = Chars.indexOf(header, '=', s, e);
        if (eq == e || !isValidKey(header, s, eq) || !isValidValue(header, eq + 1, e)) return null;
        if (count == 0) {
          s0 = s;
          q0 = eq;
          e0 = e;
          count = 1;
        } else if (isKeyBefore(header, spans, count, s0, q0, s, eq)) {
          normal = false; // a repeated key: the first member with it stays
        } else {
          if (count == MAX_MEMBERS) return null;
          if (spans == null) {
            spans = new int[3 * MAX_MEMBERS];
            spans[0] = s0;
            spans[1] = q0;
            spans[2] = e0;
          }
          spans[3 * count] = s;
          spans[3 * count + 1] = eq;
          spans[3 * count + 2] = e;
          count++;
        }
      }
      i = comma + 1;
    }
    if (count == 0) return null;
    if (normal && len <= MAX_LENGTH) return Chars.slice(header, 0, len);
    if (count == 1) return e0 - s0 <= MAX_LENGTH ? Chars.slice(header, s0, e0) : null;
    return join(header, spans, count, null, MAX_LENGTH);
  }

  /**
   * True when {@code h} is a valid list without whitespace, empty members or repeated keys.
   * Repeated keys are found by rescanning the members before each one: at most {@value
   * #MAX_MEMBERS} members of a list of at most {@value #MAX_LENGTH} characters, so no index needs
   * to be allocated.
   */
  private static boolean isNormalisedList(CharSequence h) {
    int len = h.length();
    int count = 0;
    for (int i = 0; ; ) {
      int comma = Chars.indexOf(h, ',', i, len);
      if (comma == i || Chars.isOws(h.charAt(i)) || Chars.isOws(h.charAt(comma - 1))) return false;
      int eq = Chars.indexOf(h, '=', i, comma);
      if (eq == comma || !isValidKey(h, i, eq) || !isValidValue(h, eq + 1, comma)) return false;
      if (++count > MAX_MEMBERS || hasKeyBefore(h, i, eq)) return false;
      if (comma == len) return true;
      i = comma + 1;
    }
  }

  /** True when a member of {@code h} before {@code keyStart} has the key {@code [keyStart, eq)}. */
  private static boolean hasKeyBefore(CharSequence h, int keyStart, int eq) {
    int keyLength = eq - keyStart;
    for (int j = 0; j < keyStart; ) {
      int comma = Chars.indexOf(h, ',', j, keyStart);
      int e = Chars.indexOf(h, '=', j, comma);
      if (e - j == keyLength && Chars.regionEquals(h, j, keyStart, keyLength)) return true;
      j = comma + 1;
    }
    return false;
  }

  /**
   * True when one of the {@code count} members already read (member 0 in {@code s0}/{@code q0},
   * the others, once there are any, in {@code spans}) has the key {@code [s, eq)}.
   */
  private static boolean isKeyBefore(
      CharSequence h, int[] spans, int count, int s0, int q0, int s, int eq) {
    int keyLength = eq - s;
    for (int m = 0; m < count; m++) {
      int ms = m == 0 ? s0 : spans[3 * m];
      int mq = m == 0 ? q0 : spans[3 * m + 1];
      if (mq - ms == keyLength && Chars.regionEquals(h, ms, s, keyLength)) return true;
    }
    return false;
  }

  /**
   * {@code traceState} with {@code key=value} as its first member: an existing member of the key
   * is removed (a modified key moves to the front, as the Recommendation says), the last members
   * give way when the list would pass {@value #MAX_MEMBERS} members or {@value #MAX_LENGTH}
   * characters.
   *
   * @return the new list; {@code traceState} unchanged (normalised) when the key or value is
   *     invalid or the member alone is longer than {@value #MAX_LENGTH} characters
   */
  public static String put(String traceState, String key, String value) {
    String current = parse(traceState);
    if (!isValidKey(key) || !isValidValue(value)) return current;
    int memberLength = key.length() + 1 + value.length();
    if (memberLength > MAX_LENGTH) return current;
    String first = key + '=' + value;
    if (current == null) return first;
    int[] spans = new int[3 * MAX_MEMBERS];
    int count = 0;
    int len = current.length();
    for (int i = 0; i < len && count < MAX_MEMBERS - 1; ) {
      int comma = current.indexOf(',', i);
      if (comma < 0) comma = len;
      int eq = current.indexOf('=', i);
      boolean same = eq - i == key.length() && current.regionMatches(i, key, 0, key.length());
      if (!same) {
        spans[3 * count] = i;
        spans[3 * count + 1] = eq;
        spans[3 * count + 2] = comma;
        count++;
      }
      i = comma + 1;
    }
    if (count == 0) return first;
    return join(current, spans, count, first, MAX_LENGTH);
  }

  /** The value of {@code key} in {@code traceState}, or {@code null}. */
  public static String get(String traceState, String key) {
    String current = parse(traceState);
    if (current == null || key == null || key.isEmpty()) return null;
    int len = current.length();
    for (int i = 0; i < len; ) {
      int comma = current.indexOf(',', i);
      if (comma < 0) comma = len;
      int eq = current.indexOf('=', i);
      if (eq - i == key.length() && current.regionMatches(i, key, 0, key.length())) {
        return current.substring(eq + 1, comma);
      }
      i = comma + 1;
    }
    return null;
  }

  /** True when {@code key} is a valid simple or multi-tenant {@code tracestate} key. */
  public static boolean isValidKey(String key) {
    return key != null && isValidKey(key, 0, key.length());
  }

  /** True when {@code value} is a valid {@code tracestate} value. */
  public static boolean isValidValue(String value) {
    return value != null && isValidValue(value, 0, value.length());
  }

  static boolean isValidKey(CharSequence s, int from, int to) {
    int n = to - from;
    if (n <= 0 || n > MAX_KEY_LENGTH) return false;
    char first = s.charAt(from);
    if (!isLcAlpha(first) && !isDigit(first)) return false;
    for (int i = from + 1; i < to; i++) {
      if (!isKeyChar(s.charAt(i))) return false;
    }
    return true;
  }

  static boolean isValidValue(CharSequence s, int from, int to) {
    int n = to - from;
    if (n <= 0 || n > MAX_VALUE_LENGTH) return false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == ',' || c == '=') return false;
    }
    return s.charAt(to - 1) != ' ';
  }

  private static boolean isKeyChar(char c) {
    return isLcAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '*' || c == '/' || c == '@';
  }

  private static boolean isLcAlpha(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Joins members {@code [spans[3m], spans[3m+2])} of {@code s} (after {@code first}, when not
   * null) with commas, dropping whole members until the result fits {@code maxLength}: members
   * longer than {@link #LARGE_MEMBER} first, then from the end. {@code first} is never dropped.
   */
  private static String join(CharSequence s, int[] spans, int count, String first, int maxLength) {
    boolean[] dropped = new boolean[count];
    int total = first == null ? -1 : first.length();
    for (int m = 0; m < count; m++) total += 1 + spans[3 * m + 2] - spans[3 * m];
    for (int m = count - 1; m >= 0 && total > maxLength; m--) {
      int length = spans[3 * m + 2] - spans[3 * m];
      if (length > LARGE_MEMBER) {
        dropped[m] = true;
        total -= length + 1;
      }
    }
    for (int m = count - 1; m >= 0 && total > maxLength; m--) {
      if (!dropped[m]) {
        dropped[m] = true;
        total -= spans[3 * m + 2] - spans[3 * m] + 1;
      }
    }
    if (total <= 0) return first; // nothing left (first == null: the whole list was too long)
    StringBuilder out = new StringBuilder(total);
    if (first != null) out.append(first);
    for (int m = 0; m < count; m++) {
      if (dropped[m]) continue;
      if (out.length() > 0) out.append(',');
      out.append(s, spans[3 * m], spans[3 * m + 2]);
    }
    return out.toString();
  }
}
