/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.internal;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.LogRecord;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The OpenTracing conventions both wire formats read: {@code span.kind}, {@code error}, the error
 * log fields. Stateless; every method walks tags and fields by index and allocates nothing unless
 * it says so.
 */
final class SpanMapping {

  static final String SPAN_KIND = "span.kind";
  static final String ERROR = "error";
  static final String EVENT = "event";
  static final String ERROR_OBJECT = "error.object";
  static final String MESSAGE = "message";
  static final String ERROR_MESSAGE_TAG = "error.message";

  static final int KIND_NONE = 0;
  static final int KIND_SERVER = 1;
  static final int KIND_CLIENT = 2;
  static final int KIND_PRODUCER = 3;
  static final int KIND_CONSUMER = 4;

  private SpanMapping() {}

  /** The index of the tag {@code key}, or -1. */
  static int tagIndex(FinishedSpan span, String key) {
    for (int i = 0, n = span.tagCount(); i < n; i++) {
      if (key.equals(span.tagKey(i))) return i;
    }
    return -1;
  }

  /** {@link #KIND_SERVER} ... {@link #KIND_CONSUMER} for the OpenTracing values, else none. */
  static int kind(Object spanKindTagValue) {
    if (!(spanKindTagValue instanceof String)) return KIND_NONE;
    switch ((String) spanKindTagValue) {
      case "server":
        return KIND_SERVER;
      case "client":
        return KIND_CLIENT;
      case "producer":
        return KIND_PRODUCER;
      case "consumer":
        return KIND_CONSUMER;
      default:
        return KIND_NONE;
    }
  }

  /** True for {@code error=true} (a boolean, or the string "true" in any case). */
  static boolean isTrue(Object value) {
    if (value instanceof Boolean) return (Boolean) value;
    return value instanceof String && "true".equalsIgnoreCase((String) value);
  }

  /** True when the span carries {@code error=true}. */
  static boolean isError(FinishedSpan span) {
    int i = tagIndex(span, ERROR);
    return i >= 0 && isTrue(span.tagValue(i));
  }

  /**
   * What went wrong, for a span tagged {@code error=true}: the {@code message} field of the first
   * log whose {@code event} is {@code error}, else the message of the first logged {@code
   * error.object} throwable, else an {@code error.message} string tag; {@code null} if none.
   */
  static String errorMessage(FinishedSpan span) {
    String fromThrowable = null;
    for (int l = 0, logs = span.logCount(); l < logs; l++) {
      LogRecord log = span.log(l);
      boolean errorEvent = false;
      String message = null;
      for (int f = 0, n = log.fieldCount(); f < n; f++) {
        String key = log.fieldKey(f);
        Object value = log.fieldValue(f);
        if (EVENT.equals(key)) {
          errorEvent = ERROR.equals(value);
        } else if (MESSAGE.equals(key) && value instanceof String) {
          message = (String) value;
        } else if (fromThrowable == null && ERROR_OBJECT.equals(key) && value instanceof Throwable) {
          fromThrowable = ((Throwable) value).getMessage();
        }
      }
      if (errorEvent && message != null) return message;
    }
    if (fromThrowable != null) return fromThrowable;
    int i = tagIndex(span, ERROR_MESSAGE_TAG);
    if (i >= 0 && span.tagValue(i) instanceof String) return (String) span.tagValue(i);
    return null;
  }

  /** The stack trace as {@link Throwable#printStackTrace()} prints it. Allocates. */
  static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter(512);
    try (PrintWriter writer = new PrintWriter(out)) {
      t.printStackTrace(writer);
    } catch (RuntimeException e) { // a user's Throwable subclass may throw from its own methods
      return t.getClass().getName();
    }
    return out.toString();
  }

  /**
   * {@code value}, or its first {@code maxChars} chars (one fewer if that would split a surrogate
   * pair). Allocates only when it truncates.
   */
  static String limit(String value, int maxChars) {
    if (value.length() <= maxChars) return value;
    int end = maxChars;
    if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) end--;
    return value.substring(0, end);
  }

  /**
   * {@code value} with every unpaired surrogate replaced by {@code ?}, which is what its UTF-8
   * encoding would carry anyway; protobuf would also log a warning for each such string. One scan;
   * allocates only when it replaces.
   */
  static String wellFormed(String value) {
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
        } else {
          return replaceUnpaired(value);
        }
      }
    }
    return value;
  }

  private static String replaceUnpaired(String value) {
    char[] chars = value.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      if (Character.isHighSurrogate(c) && i + 1 < chars.length && Character.isLowSurrogate(chars[i + 1])) {
        i++;
      } else if (Character.isSurrogate(c)) {
        chars[i] = '?';
      }
    }
    return new String(chars);
  }

  /** A tag or field value as text: what Zipkin's string-only tags carry. Allocates for non-strings. */
  static String toText(Object value) {
    if (value instanceof String) return (String) value;
    if (value instanceof Throwable) return value.toString();
    return String.valueOf(value);
  }
}
