/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where configuration comes from: system properties first, then environment variables, each
 * setting under both names ({@code OTEL_SERVICE_NAME} in the environment, {@code otel.service.name}
 * as a system property), as OpenTelemetry's autoconfiguration reads them. Immutable; tests build
 * one from maps instead of touching the process environment.
 */
public final class ConfigSource {

  private final Map<String, String> environment;
  private final Map<String, String> properties;

  private ConfigSource(Map<String, String> environment, Map<String, String> properties) {
    this.environment = environment;
    this.properties = properties;
  }

  /** The process environment and the JVM's system properties, as they are now. */
  public static ConfigSource system() {
    Map<String, String> props = new HashMap<>();
    Properties system = System.getProperties();
    for (String name : system.stringPropertyNames()) props.put(name, system.getProperty(name));
    return new ConfigSource(System.getenv(), Collections.unmodifiableMap(props));
  }

  /**
   * A source from explicit maps.
   *
   * @param environment environment variables, by their upper-case names
   * @param properties system properties, by their lower-case dotted names
   */
  public static ConfigSource of(Map<String, String> environment, Map<String, String> properties) {
    return new ConfigSource(
        Collections.unmodifiableMap(new HashMap<>(environment)),
        Collections.unmodifiableMap(new HashMap<>(properties)));
  }

  /**
   * The value of a setting, trimmed, or {@code null} when it is unset or blank.
   *
   * @param envName the environment variable name, e.g. {@code OTEL_SERVICE_NAME}; the system
   *     property {@code otel.service.name} is looked up first
   */
  public String get(String envName) {
    String value = properties.get(propertyName(envName));
    if (value == null || value.trim().isEmpty()) value = environment.get(envName);
    if (value == null) return null;
    value = value.trim();
    return value.isEmpty() ? null : value;
  }

  /** {@code OTEL_BSP_SCHEDULE_DELAY} → {@code otel.bsp.schedule.delay}. */
  public static String propertyName(String envName) {
    return envName.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /**
   * The names, in environment spelling, of all settings that start with {@code envPrefix}:
   * environment variables, and system properties turned into that spelling.
   */
  java.util.Set<String> names(String envPrefix) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (String key : environment.keySet()) {
      if (key.startsWith(envPrefix)) out.add(key);
    }
    String propertyPrefix = propertyName(envPrefix);
    for (String key : properties.keySet()) {
      if (key.startsWith(propertyPrefix)) out.add(key.toUpperCase(Locale.ROOT).replace('.', '_'));
    }
    return out;
  }

  /** An environment variable by exact name, for {@code ${VAR}} references in Jaeger tags. */
  String environmentVariable(String name) {
    return environment.get(name);
  }
}
