/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import java.util.Map;

/**
 * Makes a {@link SpanExporter} from configuration, so that an exporter shipped in another module
 * can be chosen by name (for example from {@code OTEL_TRACES_EXPORTER}) without tracer-core
 * depending on it.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: a module lists its providers
 * in {@code META-INF/services/io.ringtrace.core.report.SpanExporterProvider}. Each must be a
 * public class with a public no-argument constructor.
 *
 * <p>The configuration map holds the settings in their system-property spelling (the environment
 * variable lower-cased, with {@code _} turned into {@code .}), for example {@code
 * otel.exporter.otlp.endpoint}. A provider reads the keys it knows and ignores the others;
 * absent keys mean the exporter's defaults.
 */
public interface SpanExporterProvider {

  /**
   * The name operators choose this exporter by, lower case, as in {@code OTEL_TRACES_EXPORTER}:
   * for example {@code otlp} or {@code zipkin}.
   */
  String name();

  /**
   * A new exporter configured from {@code config}.
   *
   * @param config settings by system-property name; never {@code null}, may be empty
   * @throws IllegalArgumentException when a setting has a value the exporter cannot use; the
   *     message names the setting and the value (never the value of a header)
   */
  SpanExporter create(Map<String, String> config);
}
