/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import java.util.Map;

/**
 * Reads one format's headers from a carrier, one entry at a time, so that a {@link
 * Propagators#composite composite} of several formats reads the carrier in a single pass.
 *
 * <p>One instance per extraction, used by one thread; {@link #accept} sees every entry of the
 * carrier whose key is not {@code null}, and must ignore the ones it does not know in constant
 * time (compare the length first).
 */
abstract class HeaderReader {

  /** Offers one entry; {@code key} is never {@code null}, {@code value} may be. */
  abstract void accept(String key, String value);

  /** The context read, or {@code null}. Called once, after the last {@link #accept}. */
  abstract ExtractedContext context();

  /**
   * The baggage a baggage-only format read (a non-empty, unmodifiable map), or {@code null}. Called
   * once, after the last {@link #accept}.
   */
  Map<String, String> baggage() {
    return null;
  }

  /** Offers every entry of {@code carrier} to {@code reader}. */
  static void readAll(Iterable<? extends Map.Entry<String, String>> carrier, HeaderReader reader) {
    for (Map.Entry<String, String> entry : carrier) {
      if (entry == null) continue;
      String key = entry.getKey();
      if (key != null) reader.accept(key, entry.getValue());
    }
  }

  /** True when {@code key} is {@code name} (given in lower case), ASCII letters in any case. */
  static boolean is(String key, String name) {
    // Exactly as given first (HTTP/2 names are lower case): String.equals compares whole arrays
    // at once, the letter-by-letter loop is the fallback.
    return key.length() == name.length() && (key.equals(name) || regionIs(key, name));
  }

  /**
   * As {@link #is(String, String)}, trying the name as written ({@code written}, e.g. {@code
   * X-B3-TraceId}) before its lower case ({@code name}).
   */
  static boolean is(String key, String written, String name) {
    return key.length() == name.length()
        && (key.equals(written) || key.equals(name) || regionIs(key, name));
  }

  /** True when {@code key} starts with {@code prefix} (given in lower case), in any case. */
  static boolean startsWith(String key, String prefix) {
    return key.length() >= prefix.length() && regionIs(key, prefix);
  }

  // Not String.regionMatches(true, ...): that also folds non-ASCII letters ("\u017f" matches
  // "s"), and header names are ASCII.
  private static boolean regionIs(String key, String lowerName) {
    for (int i = 0, n = lowerName.length(); i < n; i++) {
      char a = key.charAt(i);
      char b = lowerName.charAt(i);
      if (a != b && !(a >= 'A' && a <= 'Z' && (char) (a | 0x20) == b)) return false;
    }
    return true;
  }
}
