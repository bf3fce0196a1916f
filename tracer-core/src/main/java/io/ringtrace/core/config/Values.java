/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.config;

import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Typed reads of settings. An invalid value is never fatal: it is recorded as a problem naming the
 * setting and the bad value (masked for secrets), and the read answers {@code null} so the caller
 * keeps its documented default. Not thread-safe; one per configuration run.
 */
final class Values {

  private final ConfigSource source;
  private final List<String> problems = new ArrayList<>();

  Values(ConfigSource source) {
    this.source = source;
  }

  /** What was wrong, one sentence per bad setting. */
  List<String> problems() {
    return Collections.unmodifiableList(problems);
  }

  void problem(String name, String value, String expected) {
    problems.add(
        name
            + "="
            + (value == null ? "" : "'" + value + "'")
            + " is invalid: expected "
            + expected
            + "; using the default");
  }

  String string(String name) {
    return source.get(name);
  }

  /** A whole number of at least {@code min}. */
  Integer integer(String name, int min) {
    String v = source.get(name);
    if (v == null) return null;
    try {
      int n = Integer.parseInt(v);
      if (n >= min) return n;
    } catch (NumberFormatException ignored) {
      // reported below
    }
    problem(name, v, "a whole number >= " + min);
    return null;
  }

  /** A number from 0 to 1. */
  Double ratio(String name) {
    String v = source.get(name);
    if (v == null) return null;
    try {
      double d = Double.parseDouble(v);
      if (d >= 0 && d <= 1) return d;
    } catch (NumberFormatException ignored) {
      // reported below
    }
    problem(name, v, "a number from 0 to 1");
    return null;
  }

  /** A number of at least zero. */
  Double nonNegative(String name) {
    String v = source.get(name);
    if (v == null) return null;
    try {
      double d = Double.parseDouble(v);
      if (d >= 0 && !Double.isInfinite(d)) return d;
    } catch (NumberFormatException ignored) {
      // reported below
    }
    problem(name, v, "a number >= 0");
    return null;
  }

  /** {@code true} or {@code false}, in any case. */
  Boolean bool(String name) {
    String v = source.get(name);
    if (v == null) return null;
    if (v.equalsIgnoreCase("true")) return true;
    if (v.equalsIgnoreCase("false")) return false;
    problem(name, v, "true or false");
    return null;
  }

  /**
   * A duration: a whole number of {@code defaultUnit}s (milliseconds for the OpenTelemetry
   * settings), or a number with a unit: {@code ms}, {@code s}, {@code m}, {@code h}.
   */
  Duration duration(String name, ChronoUnit defaultUnit) {
    String v = source.get(name);
    if (v == null) return null;
    String s = v.toLowerCase(Locale.ROOT);
    ChronoUnit unit = defaultUnit;
    int digits = s.length();
    if (s.endsWith("ms")) {
      unit = ChronoUnit.MILLIS;
      digits -= 2;
    } else if (s.endsWith("s")) {
      unit = ChronoUnit.SECONDS;
      digits -= 1;
    } else if (s.endsWith("m")) {
      unit = ChronoUnit.MINUTES;
      digits -= 1;
    } else if (s.endsWith("h")) {
      unit = ChronoUnit.HOURS;
      digits -= 1;
    }
    try {
      long amount = Long.parseLong(s.substring(0, digits).trim());
      if (amount >= 0) return Duration.of(amount, unit);
    } catch (RuntimeException e) { // not a number, or too large a duration
      // reported below
    }
    problem(
        name,
        v,
        "a duration >= 0 such as 5000 (" + defaultUnit.toString().toLowerCase(Locale.ROOT)
            + "), 500ms or 5s");
    return null;
  }

  /** A comma-separated list, trimmed, lower case, empty items dropped. */
  List<String> list(String name) {
    String v = source.get(name);
    if (v == null) return null;
    List<String> out = new ArrayList<>();
    for (String item : v.split(",")) {
      String t = item.trim().toLowerCase(Locale.ROOT);
      if (!t.isEmpty()) out.add(t);
    }
    return out;
  }

  /**
   * {@code key1=value1,key2=value2} with percent-encoded keys and values (the W3C Baggage form
   * OpenTelemetry uses for {@code OTEL_RESOURCE_ATTRIBUTES} and {@code ..._HEADERS}). A malformed
   * list is rejected whole. {@code secret} values never appear in a problem report.
   */
  Map<String, String> keyValues(String name, boolean secret) {
    String v = source.get(name);
    if (v == null) return null;
    Map<String, String> out = new LinkedHashMap<>();
    for (String item : v.split(",")) {
      if (item.trim().isEmpty()) continue;
      int eq = item.indexOf('=');
      String key = eq <= 0 ? null : decode(item.substring(0, eq).trim());
      String value = eq <= 0 ? null : decode(item.substring(eq + 1).trim());
      if (key == null || key.isEmpty() || value == null) {
        problem(name, secret ? "<hidden>" : v, "a list of key=value pairs separated by commas");
        return null;
      }
      out.put(key, value);
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), "UTF-8");
    } catch (UnsupportedEncodingException | IllegalArgumentException e) {
      return null;
    }
  }
}
