/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who produced a span: the service name and the tracer's tags (exported as OTLP resource
 * attributes, or Zipkin local endpoint and tags). One instance per tracer, shared by all its spans.
 * Immutable.
 */
public final class Resource {

  /** The SDK name written as {@code telemetry.sdk.name}. */
  public static final String SDK_NAME = "ringtrace";

  /** The SDK language written as {@code telemetry.sdk.language}. */
  public static final String SDK_LANGUAGE = "java";

  private final String serviceName;
  private final Map<String, Object> tags;

  Resource(String serviceName, Map<String, Object> tags) {
    this.serviceName = serviceName;
    this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
  }

  /** The service name, as given to the tracer. */
  public String serviceName() {
    return serviceName;
  }

  /** The tracer's tags (values are String, Boolean or Number). */
  public Map<String, Object> tags() {
    return tags;
  }

  /** The SDK version written as {@code telemetry.sdk.version}. */
  public static String sdkVersion() {
    return Version.VERSION;
  }

  @Override
  public String toString() {
    return "Resource{" + serviceName + ", " + tags + '}';
  }
}
