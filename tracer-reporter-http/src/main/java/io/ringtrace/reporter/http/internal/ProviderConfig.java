/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Reads the settings an exporter provider gets, by system-property name; a bad value throws an
 * {@link IllegalArgumentException} naming the setting (and the value, unless it holds headers).
 */
final class ProviderConfig {

  private final Map<String, String> config;

  ProviderConfig(Map<String, String> config) {
    if (config == null) throw new NullPointerException("config == null");
    this.config = config;
  }

  /** The value of the first key that is set and not blank, or {@code null}. */
  String get(String... keys) {
    for (String key : keys) {
      String value = config.get(key);
      if (value != null && !value.trim().isEmpty()) return value.trim();
    }
    return null;
  }

  /** The key {@link #get} took its value from. */
  String keyOf(String... keys) {
    for (String key : keys) {
      String value = config.get(key);
      if (value != null && !value.trim().isEmpty()) return key;
    }
    return keys[0];
  }

  /** A duration in milliseconds (the OpenTelemetry convention), or {@code null}. */
  Duration millis(String... keys) {
    String value = get(keys);
    if (value == null) return null;
    try {
      long ms = Long.parseLong(value);
      if (ms > 0) return Duration.ofMillis(ms);
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException(
        keyOf(keys) + " must be a positive number of milliseconds, was '" + value + "'");
  }

  /**
   * Hands the transport settings both exporters share, read under {@code prefix} ({@code
   * connect.timeout}, {@code max.request.bytes}, {@code max.attempts}, {@code initial.backoff},
   * {@code max.backoff}), to the builder's setters; unset ones are left at the builder's defaults.
   */
  void applyTransport(
      String prefix,
      Consumer<Duration> connectTimeout,
      IntConsumer maxRequestBytes,
      IntConsumer maxAttempts,
      Consumer<Duration> initialBackoff,
      Consumer<Duration> maxBackoff) {
    Duration connect = millis(prefix + "connect.timeout");
    if (connect != null) connectTimeout.accept(connect);
    Integer maxBytes = positiveInt(prefix + "max.request.bytes");
    if (maxBytes != null) maxRequestBytes.accept(maxBytes);
    Integer attempts = positiveInt(prefix + "max.attempts");
    if (attempts != null) maxAttempts.accept(attempts);
    Duration initial = millis(prefix + "initial.backoff");
    if (initial != null) initialBackoff.accept(initial);
    Duration max = millis(prefix + "max.backoff");
    if (max != null) maxBackoff.accept(max);
  }

  /** A positive int, or {@code null}. */
  Integer positiveInt(String... keys) {
    String value = get(keys);
    if (value == null) return null;
    try {
      int n = Integer.parseInt(value);
      if (n > 0) return n;
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException(keyOf(keys) + " must be a positive integer, was '" + value + "'");
  }

  /**
   * Headers as OpenTelemetry writes them: {@code name=value} pairs separated by commas, values
   * percent-encoded. Error messages name the entry by position, never its value.
   */
  Map<String, String> headers(String... keys) {
    String value = get(keys);
    Map<String, String> headers = new LinkedHashMap<>();
    if (value == null) return headers;
    String[] entries = value.split(",");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].trim();
      if (entry.isEmpty()) continue;
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            keyOf(keys) + ": entry " + (i + 1) + " is not name=value");
      }
      String name = entry.substring(0, eq).trim();
      String decoded = percentDecode(entry.substring(eq + 1).trim());
      if (decoded == null) {
        throw new IllegalArgumentException(
            keyOf(keys) + ": the value of header '" + name + "' is not validly percent-encoded");
      }
      headers.put(name, decoded);
    }
    return headers;
  }

  /** RFC 3986 percent-decoding ('+' stays '+'), or {@code null} if malformed. */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) return s;
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) return null;
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) return null;
        out.write((hi << 4) | lo);
        i += 2;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
      }
    }
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }
}
