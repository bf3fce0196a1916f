/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

/**
 * The W3C {@code tracestate} list, kept as a validated, normalised {@code String}: list-members
 * {@code key=value} joined by commas, without optional whitespace or empty members.
 *
 * <p>The rules of the W3C Trace Context Recommendation, section 3.3:
 *
 * <ul>
 *   <li>a key is a simple key ({@code lcalpha 0*255(lcalpha / DIGIT / "_" / "-" / "*" / "/")}) or
 *       a multi-tenant key ({@code tenant-id "@" system-id}, a tenant of at most 241 characters
 *       starting with a letter or digit, a system of at most 14 starting with a letter);
 *   <li>a value is 1 to 256 printable ASCII characters but {@code ,} and {@code =}, not ending in
 *       a space;
 *   <li>at most {@value #MAX_MEMBERS} list-members, each key at most once; empty and
 *       whitespace-only members and whitespace around members are allowed and dropped;
 *   <li>a header that breaks any of these rules is discarded as a whole, as the W3C test suite
 *       expects (the Recommendation allows discarding the entire header);
 *   <li>Ringtrace propagates up to {@value #MAX_LENGTH} characters (the length the
 *       Recommendation asks every vendor to propagate). A longer list is truncated by whole
 *       members: members longer than {@value #LARGE_MEMBER} characters go first, then members
 *       from the end of the list.
 * </ul>
 *
 * <p>A header longer than {@value #MAX_HEADER_LENGTH} characters is not looked at (it cannot be
 * a list of 32 valid members plus reasonable whitespace). Every method here is pure, never throws
 * and answers {@code null} for "no tracestate".
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
  private static final int MAX_TENANT_LENGTH = 241;
  private static final int MAX_SYSTEM_LENGTH = 14;
  private static final int MAX_VALUE_LENGTH = 256;

  private TraceState() {}

  /**
   * Validates and normalises a (combined) {@code tracestate} header value.
   *
   * @return the normalised list ({@code header} itself when it already is), or {@code null} when
   *     the header is absent, empty, invalid or too long
   */
  public static String parse(String header) {
    if (header == null || header.length() > MAX_HEADER_LENGTH) return null;
    // The common case, a list already as we would write it, is checked without allocating.
    if (header.length() <= MAX_LENGTH && isNormalisedList(header)) return header;
    int len = header.length();
    // Member 0 lives in locals; a second member moves them into spans (start, eq, end triples).
    int s0 = 0;
    int q0 = 0;
    int e0 = 0;
    int[] spans = null;
    int count = 0;
    boolean normal = true;
    int i = 0;
    while (i <= len) {
      int comma = header.indexOf(',', i);
      if (comma < 0) comma = len;
      int s = Chars.skipOws(header, i, comma);
      int e = Chars.trimOwsEnd(header, s, comma);
      if (s != i || e != comma || s == e) normal = false;
      if (s < e) {
        int eq = header.indexOf('=', s);
        if (eq < 0 || eq >= e) return null;
        if (!isValidKey(header, s, eq) || !isValidValue(header, eq + 1, e)) return null;
        if (count == MAX_MEMBERS) return null;
        if (count == 0) {
          s0 = s;
          q0 = eq;
          e0 = e;
        } else {
          if (spans == null) {
            spans = new int[3 * MAX_MEMBERS];
            spans[0] = s0;
            spans[1] = q0;
            spans[2] = e0;
          }
          for (int m = 0; m < count; m++) {
            int ms = spans[3 * m];
            int mk = spans[3 * m + 1] - ms;
            if (mk == eq - s && header.regionMatches(ms, header, s, mk)) return null; // duplicate
          }
          spans[3 * count] = s;
          spans[3 * count + 1] = eq;
          spans[3 * count + 2] = e;
        }
        count++;
      }
      i = comma + 1;
    }
    if (count == 0) return null;
    if (normal && len <= MAX_LENGTH) return header;
    if (count == 1) return e0 - s0 <= MAX_LENGTH ? header.substring(s0, e0) : null;
    return join(header, spans, count, null, MAX_LENGTH);
  }

  /**
   * True when {@code h} is a valid list without whitespace or empty members. Repeated keys are
   * found by rescanning the members before each one: at most 32 members of a string of at most
   * {@value #MAX_LENGTH} characters, so no index needs to be allocated.
   */
  private static boolean isNormalisedList(String h) {
    int len = h.length();
    if (len == 0) return false;
    int count = 0;
    for (int i = 0; ; ) {
      int comma = h.indexOf(',', i);
      if (comma < 0) comma = len;
      if (comma == i || Chars.isOws(h.charAt(i)) || Chars.isOws(h.charAt(comma - 1))) return false;
      int eq = h.indexOf('=', i);
      if (eq < 0 || eq >= comma) return false;
      if (!isValidKey(h, i, eq) || !isValidValue(h, eq + 1, comma)) return false;
      if (++count > MAX_MEMBERS || hasKeyBefore(h, i, eq)) return false;
      if (comma == len) return true;
      i = comma + 1;
    }
  }

  /** True when a member of {@code h} before {@code keyStart} has the key {@code [keyStart, eq)}. */
  private static boolean hasKeyBefore(String h, int keyStart, int eq) {
    int keyLength = eq - keyStart;
    for (int j = 0; j < keyStart; ) {
      int e = h.indexOf('=', j);
      if (e - j == keyLength && h.regionMatches(j, h, keyStart, keyLength)) return true;
      int comma = h.indexOf(',', j);
      if (comma < 0) break; // cannot happen: every member before keyStart ends with a comma
      j = comma + 1;
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
    int at = -1;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '@') {
        if (at >= 0) return false;
        at = i;
      } else if (!isKeyChar(c)) {
        return false;
      }
    }
    if (at < 0) return isLcAlpha(s.charAt(from));
    int tenant = at - from;
    int system = to - at - 1;
    if (tenant < 1 || tenant > MAX_TENANT_LENGTH || system < 1 || system > MAX_SYSTEM_LENGTH) {
      return false;
    }
    char t = s.charAt(from);
    return (isLcAlpha(t) || isDigit(t)) && isLcAlpha(s.charAt(at + 1));
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
    return isLcAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '*' || c == '/';
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
  private static String join(String s, int[] spans, int count, String first, int maxLength) {
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
