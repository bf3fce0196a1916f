/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The settings both HTTP exporters share, with their defaults and checks; the public builders
 * hold one and delegate to it. Every setter checks its argument at once and throws an exception
 * naming the setting and the bad value (never a header value). Not thread-safe.
 */
final class HttpExporterConfig {

  static final long DEFAULT_TIMEOUT_MILLIS = 10_000;
  static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 10_000;
  static final String DEFAULT_COMPRESSION = "gzip";
  static final int DEFAULT_MAX_REQUEST_BYTES = 4 * 1024 * 1024;
  static final int MIN_MAX_REQUEST_BYTES = 1024;
  static final int DEFAULT_MAX_ATTEMPTS = 5;
  static final long DEFAULT_INITIAL_BACKOFF_MILLIS = 1_000;
  static final long DEFAULT_MAX_BACKOFF_MILLIS = 5_000;
  static final double BACKOFF_MULTIPLIER = 1.5;

  /** Header names the HTTP client sets itself and refuses from callers. */
  private static final List<String> RESTRICTED_HEADERS =
      List.of("connection", "content-length", "expect", "host", "upgrade");

  URI endpoint;
  final List<String> headers = new ArrayList<>(); // name, value, name, value ...
  boolean gzip = true;
  long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(DEFAULT_TIMEOUT_MILLIS);
  long connectTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(DEFAULT_CONNECT_TIMEOUT_MILLIS);
  int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
  int maxAttempts = DEFAULT_MAX_ATTEMPTS;
  long initialBackoffNanos = TimeUnit.MILLISECONDS.toNanos(DEFAULT_INITIAL_BACKOFF_MILLIS);
  long maxBackoffNanos = TimeUnit.MILLISECONDS.toNanos(DEFAULT_MAX_BACKOFF_MILLIS);
  Time time = Time.SYSTEM;

  HttpExporterConfig(String defaultEndpoint) {
    this.endpoint = URI.create(defaultEndpoint);
  }

  void endpoint(String endpoint) {
    if (endpoint == null) throw new NullPointerException("endpoint == null");
    URI uri;
    try {
      uri = new URI(endpoint.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("endpoint is not a URL: '" + endpoint + "'", e);
    }
    endpoint(uri);
  }

  void endpoint(URI endpoint) {
    if (endpoint == null) throw new NullPointerException("endpoint == null");
    String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "endpoint must be an http or https URL, was '" + endpoint + "'");
    }
    if (endpoint.getHost() == null || endpoint.getHost().isEmpty()) {
      throw new IllegalArgumentException("endpoint has no host: '" + endpoint + "'");
    }
    this.endpoint = endpoint;
  }

  void header(String name, String value) {
    if (name == null) throw new NullPointerException("header name == null");
    if (value == null) throw new NullPointerException("value of header '" + name + "' == null");
    if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("header '" + name + "' is set by the HTTP client");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
        throw new IllegalArgumentException("value of header '" + name + "' has an illegal char");
      }
    }
    try {
      HttpRequest.newBuilder().header(name, "x"); // the client's own check of the name
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a valid header name: '" + name + "'");
    }
    for (int i = 0; i < headers.size(); i += 2) {
      if (headers.get(i).equalsIgnoreCase(name)) {
        headers.set(i + 1, value);
        return;
      }
    }
    headers.add(name);
    headers.add(value);
  }

  void compression(String compression) {
    if (compression == null) throw new NullPointerException("compression == null");
    switch (compression.trim().toLowerCase(Locale.ROOT)) {
      case "gzip":
        gzip = true;
        return;
      case "none":
        gzip = false;
        return;
      default:
        throw new IllegalArgumentException(
            "compression must be 'gzip' or 'none', was '" + compression + "'");
    }
  }

  void timeout(Duration timeout) {
    timeoutNanos = positiveNanos("timeout", timeout);
  }

  void connectTimeout(Duration timeout) {
    connectTimeoutNanos = positiveNanos("connectTimeout", timeout);
  }

  void maxRequestBytes(int bytes) {
    if (bytes < MIN_MAX_REQUEST_BYTES) {
      throw new IllegalArgumentException(
          "maxRequestBytes must be >= " + MIN_MAX_REQUEST_BYTES + ", was " + bytes);
    }
    maxRequestBytes = bytes;
  }

  void maxAttempts(int attempts) {
    if (attempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1, was " + attempts);
    maxAttempts = attempts;
  }

  void initialBackoff(Duration backoff) {
    initialBackoffNanos = positiveNanos("initialBackoff", backoff);
  }

  void maxBackoff(Duration backoff) {
    maxBackoffNanos = positiveNanos("maxBackoff", backoff);
  }

  /** The checks that involve more than one setting. */
  void validate() {
    if (initialBackoffNanos > maxBackoffNanos) {
      throw new IllegalArgumentException(
          "initialBackoff ("
              + Duration.ofNanos(initialBackoffNanos)
              + ") is longer than maxBackoff ("
              + Duration.ofNanos(maxBackoffNanos)
              + ")");
    }
  }

  /** The header names, for {@code toString()}; values are secrets. */
  List<String> headerNames() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < headers.size(); i += 2) names.add(headers.get(i));
    return Collections.unmodifiableList(names);
  }

  /** The endpoint without user info, query or fragment: safe to log. */
  static String printable(URI endpoint) {
    StringBuilder s = new StringBuilder().append(endpoint.getScheme()).append("://");
    s.append(endpoint.getHost());
    if (endpoint.getPort() != -1) s.append(':').append(endpoint.getPort());
    if (endpoint.getRawPath() != null) s.append(endpoint.getRawPath());
    return s.toString();
  }

  private static long positiveNanos(String name, Duration d) {
    if (d == null) throw new NullPointerException(name + " == null");
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
    long forever = Long.MAX_VALUE / 4; // decades; deadlines computed from it cannot overflow
    try {
      return Math.min(d.toNanos(), forever);
    } catch (ArithmeticException e) {
      return forever;
    }
  }
}
