/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.config;

import io.ringtrace.core.LogCorrelation;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.SpanLimits;
import io.ringtrace.core.TracerBuilder;
import io.ringtrace.core.report.BatchingReporter;
import io.ringtrace.core.report.ConsoleSpanExporter;
import io.ringtrace.core.report.SpanExporter;
import io.ringtrace.core.report.SpanExporterProvider;
import io.ringtrace.core.sampler.Sampler;
import io.ringtrace.propagation.ExtractedContext;
import io.ringtrace.propagation.Propagator;
import io.ringtrace.propagation.Propagators;
import io.ringtrace.propagation.TraceContext;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the OpenTelemetry and Jaeger client settings of the environment (and system properties)
 * into a {@link TracerBuilder}: the adapter behind {@link Ringtrace#fromEnvironment()}.
 *
 * <p>Every setting is read under its OpenTelemetry name first and, where the Jaeger client had
 * an equivalent, under the {@code JAEGER_*} name when the OpenTelemetry one is absent; see
 * docs/configuration.md for the table. An invalid value never stops the tracer: it is logged at
 * WARN with the variable's name and the value (secrets hidden), and the documented default is
 * used. Settings with no Ringtrace equivalent (the Jaeger UDP agent, Thrift over HTTP) are named
 * in one WARN line each.
 */
public final class EnvironmentConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(EnvironmentConfiguration.class);

  /** The service name when none is configured, as OpenTelemetry names it. */
  public static final String DEFAULT_SERVICE_NAME = "unknown_service:java";

  /** The artifact that holds the OTLP and Zipkin exporters. */
  static final String HTTP_ARTIFACT = "io.ringtrace:tracer-reporter-http";

  private final ConfigSource source;
  private final Values values;
  private final Supplier<Iterable<SpanExporterProvider>> providers;
  private final List<String> unsupported = new ArrayList<>();

  EnvironmentConfiguration(ConfigSource source, Supplier<Iterable<SpanExporterProvider>> providers) {
    this.source = source;
    this.values = new Values(source);
    this.providers = providers;
  }

  /** A builder configured from the process environment and system properties. */
  public static TracerBuilder builder() {
    return builder(ConfigSource.system());
  }

  /**
   * A builder configured from {@code source}. Settings made on the builder afterwards win over
   * the environment. Problems are logged here, once.
   */
  public static TracerBuilder builder(ConfigSource source) {
    EnvironmentConfiguration config =
        new EnvironmentConfiguration(
            source,
            () -> ServiceLoader.load(SpanExporterProvider.class, EnvironmentConfiguration.class.getClassLoader()));
    TracerBuilder builder = config.configure();
    config.logProblems();
    return builder;
  }

  /** What was invalid, one sentence each (for tests and diagnostics). */
  List<String> problems() {
    return values.problems();
  }

  /** Settings that were given but have no Ringtrace equivalent. */
  List<String> unsupported() {
    return Collections.unmodifiableList(unsupported);
  }

  void logProblems() {
    for (String problem : values.problems()) LOG.warn("Ringtrace configuration: {}", problem);
    for (String message : unsupported) LOG.warn("Ringtrace configuration: {}", message);
  }

  TracerBuilder configure() {
    Map<String, Object> tags = tags();
    String serviceName = serviceName(tags);
    TracerBuilder builder = Ringtrace.builder(serviceName);
    tags.forEach(
        (k, v) -> {
          if (!"service.name".equals(k)) builder.tag(k, (String) v);
        });

    boolean disabled = Boolean.TRUE.equals(values.bool("OTEL_SDK_DISABLED"));
    if (disabled) {
      // Still a working tracer for context propagation, recording and exporting nothing.
      return builder.sampler(Sampler.alwaysOff()).propagator(propagator());
    }
    builder.sampler(sampler(serviceName));
    builder.propagator(propagator());
    SpanExporter exporter = exporter();
    if (exporter != null) builder.exporter(exporter);
    reporter(builder);
    builder.spanLimits(limits());
    builder.logCorrelation(logCorrelation());
    jaegerUnsupported();
    return builder;
  }

  // ---------------------------------------------------------------------------------------------
  // Identity

  private Map<String, Object> tags() {
    Map<String, Object> tags = new LinkedHashMap<>();
    Map<String, String> resource = values.keyValues("OTEL_RESOURCE_ATTRIBUTES", false);
    if (resource != null) {
      tags.putAll(resource);
    } else {
      Map<String, String> jaeger = jaegerTags();
      if (jaeger != null) tags.putAll(jaeger);
    }
    return tags;
  }

  /** {@code JAEGER_TAGS}: {@code k=v,k2=${ENV_VAR:default}} as the Jaeger client reads it. */
  private Map<String, String> jaegerTags() {
    String raw = values.string("JAEGER_TAGS");
    if (raw == null) return null;
    Map<String, String> out = new LinkedHashMap<>();
    for (String item : raw.split(",")) {
      int eq = item.indexOf('=');
      if (eq <= 0) {
        values.problem("JAEGER_TAGS", raw, "a list of key=value pairs separated by commas");
        return null;
      }
      String key = item.substring(0, eq).trim();
      String value = item.substring(eq + 1).trim();
      if (value.startsWith("${") && value.endsWith("}")) {
        String ref = value.substring(2, value.length() - 1);
        int colon = ref.indexOf(':');
        String var = colon < 0 ? ref : ref.substring(0, colon);
        String fallback = colon < 0 ? "" : ref.substring(colon + 1);
        String resolved = source.environmentVariable(var);
        value = resolved == null ? fallback : resolved;
      }
      out.put(key, value);
    }
    return out;
  }

  private String serviceName(Map<String, Object> tags) {
    String name = values.string("OTEL_SERVICE_NAME");
    if (name == null && tags.get("service.name") != null) name = (String) tags.get("service.name");
    if (name == null) name = values.string("JAEGER_SERVICE_NAME");
    return name == null ? DEFAULT_SERVICE_NAME : name;
  }

  // ---------------------------------------------------------------------------------------------
  // Sampling

  private static final Sampler DEFAULT_SAMPLER = Sampler.parentBased(Sampler.alwaysOn());

  Sampler sampler(String serviceName) {
    String name = values.string("OTEL_TRACES_SAMPLER");
    if (name != null) return otelSampler(name.toLowerCase(Locale.ROOT), serviceName);
    String jaegerType = values.string("JAEGER_SAMPLER_TYPE");
    if (jaegerType != null) return jaegerSampler(jaegerType.toLowerCase(Locale.ROOT), serviceName);
    return DEFAULT_SAMPLER;
  }

  private Sampler otelSampler(String name, String serviceName) {
    switch (name) {
      case "always_on":
        return Sampler.alwaysOn();
      case "always_off":
        return Sampler.alwaysOff();
      case "traceidratio":
        return Sampler.traceIdRatio(ratioArg(1.0));
      case "parentbased_always_on":
        return Sampler.parentBased(Sampler.alwaysOn());
      case "parentbased_always_off":
        return Sampler.parentBased(Sampler.alwaysOff());
      case "parentbased_traceidratio":
        return Sampler.parentBased(Sampler.traceIdRatio(ratioArg(1.0)));
      case "ratelimiting":
        {
          Double rate = values.nonNegative("OTEL_TRACES_SAMPLER_ARG");
          return Sampler.parentBased(Sampler.rateLimiting(rate == null ? 1.0 : rate));
        }
      case "jaeger_remote":
      case "parentbased_jaeger_remote":
        return otelJaegerRemote(serviceName);
      default:
        values.problem(
            "OTEL_TRACES_SAMPLER",
            name,
            "always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off,"
                + " parentbased_traceidratio, ratelimiting or jaeger_remote");
        return DEFAULT_SAMPLER;
    }
  }

  private double ratioArg(double fallback) {
    Double ratio = values.ratio("OTEL_TRACES_SAMPLER_ARG");
    return ratio == null ? fallback : ratio;
  }

  /**
   * {@code OTEL_TRACES_SAMPLER_ARG=endpoint=http://host:5778/sampling,pollingIntervalMs=5000,
   * initialSamplingRate=0.25}, as the OpenTelemetry specification defines it.
   */
  private Sampler otelJaegerRemote(String serviceName) {
    Map<String, String> arg = values.keyValues("OTEL_TRACES_SAMPLER_ARG", false);
    String endpoint = arg == null ? null : arg.get("endpoint");
    Duration interval = null;
    Double initial = null;
    if (arg != null && arg.get("pollingIntervalMs") != null) {
      try {
        interval = Duration.ofMillis(Long.parseLong(arg.get("pollingIntervalMs")));
      } catch (NumberFormatException e) {
        values.problem("OTEL_TRACES_SAMPLER_ARG", arg.get("pollingIntervalMs"), "pollingIntervalMs in whole milliseconds");
      }
    }
    if (arg != null && arg.get("initialSamplingRate") != null) {
      try {
        initial = Double.parseDouble(arg.get("initialSamplingRate"));
        if (initial < 0 || initial > 1) throw new NumberFormatException();
      } catch (NumberFormatException e) {
        values.problem("OTEL_TRACES_SAMPLER_ARG", arg.get("initialSamplingRate"), "initialSamplingRate from 0 to 1");
        initial = null;
      }
    }
    return remote(serviceName, "OTEL_TRACES_SAMPLER_ARG", endpoint, interval, initial);
  }

  private Sampler jaegerSampler(String type, String serviceName) {
    switch (type) {
      case "const":
        {
          Double param = values.nonNegative("JAEGER_SAMPLER_PARAM");
          return Sampler.parentBased(param != null && param == 0 ? Sampler.alwaysOff() : Sampler.alwaysOn());
        }
      case "probabilistic":
        {
          Double ratio = values.ratio("JAEGER_SAMPLER_PARAM");
          return Sampler.parentBased(Sampler.traceIdRatio(ratio == null ? 0.001 : ratio));
        }
      case "ratelimiting":
        {
          Double rate = values.nonNegative("JAEGER_SAMPLER_PARAM");
          return Sampler.parentBased(Sampler.rateLimiting(rate == null ? 1.0 : rate));
        }
      case "remote":
        {
          String endpoint = values.string("JAEGER_SAMPLING_ENDPOINT");
          String hostPort = values.string("JAEGER_SAMPLER_MANAGER_HOST_PORT");
          if (endpoint == null && hostPort != null) endpoint = "http://" + hostPort + "/sampling";
          Double initial = values.ratio("JAEGER_SAMPLER_PARAM");
          return remote(serviceName, "JAEGER_SAMPLING_ENDPOINT", endpoint, null, initial);
        }
      default:
        values.problem("JAEGER_SAMPLER_TYPE", type, "const, probabilistic, ratelimiting or remote");
        return DEFAULT_SAMPLER;
    }
  }

  private Sampler remote(String serviceName, String setting, String endpoint, Duration interval, Double initial) {
    try {
      io.ringtrace.core.sampler.JaegerRemoteSamplerBuilder b = Sampler.jaegerRemote(serviceName);
      if (endpoint != null) b.endpoint(endpoint);
      if (interval != null) b.pollingInterval(interval);
      if (initial != null) b.initialSampler(Sampler.traceIdRatio(initial));
      return b.build();
    } catch (IllegalArgumentException e) {
      values.problem(setting, endpoint, "a sampling endpoint URL (" + e.getMessage() + ")");
      return DEFAULT_SAMPLER;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Propagation

  Propagator propagator() {
    List<String> names = values.list("OTEL_PROPAGATORS");
    String setting = "OTEL_PROPAGATORS";
    if (names == null) {
      names = jaegerPropagation();
      setting = "JAEGER_PROPAGATION";
    }
    if (names == null) return Propagators.defaults();
    List<Propagator> chosen = new ArrayList<>();
    for (String name : names) {
      if (name.equals("none")) return NO_PROPAGATION;
      Propagator p = Propagators.byName(name);
      if (p == null) {
        values.problem(setting, name, "tracecontext, baggage, b3, b3multi, jaeger or none");
      } else if (!chosen.contains(p)) {
        chosen.add(p);
      }
    }
    return chosen.isEmpty() ? Propagators.defaults() : Propagators.composite(chosen);
  }

  /** {@code OTEL_PROPAGATORS=none}: nothing written, nothing read. */
  private static final Propagator NO_PROPAGATION =
      new Propagator() {
        @Override
        public List<String> fields() {
          return Collections.emptyList();
        }

        @Override
        public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {}

        @Override
        public ExtractedContext extract(Iterable<? extends Map.Entry<String, String>> carrier) {
          return null;
        }

        @Override
        public String toString() {
          return "none";
        }
      };

  /** {@code JAEGER_PROPAGATION=jaeger,b3,w3c} in OpenTelemetry's names. */
  private List<String> jaegerPropagation() {
    List<String> jaeger = values.list("JAEGER_PROPAGATION");
    if (jaeger == null) return null;
    List<String> out = new ArrayList<>();
    for (String name : jaeger) {
      switch (name) {
        case "jaeger":
          out.add(Propagators.JAEGER);
          break;
        case "b3":
          out.add(Propagators.B3MULTI);
          break;
        case "w3c":
          out.add(Propagators.TRACECONTEXT);
          out.add(Propagators.BAGGAGE);
          break;
        default:
          values.problem("JAEGER_PROPAGATION", name, "jaeger, b3 or w3c");
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Export

  /** The exporter, or {@code null} for none (spans discarded). */
  SpanExporter exporter() {
    List<String> names = values.list("OTEL_TRACES_EXPORTER");
    boolean explicit = names != null;
    if (!explicit) {
      if (values.string("JAEGER_ENDPOINT") != null || values.string("JAEGER_AGENT_HOST") != null) {
        unsupported.add(
            "JAEGER_ENDPOINT / JAEGER_AGENT_HOST: Ringtrace does not send Jaeger Thrift (HTTP or"
                + " UDP). Jaeger collectors accept OTLP: set OTEL_EXPORTER_OTLP_ENDPOINT to the"
                + " collector's OTLP/HTTP port (4318). Using OTLP with its defaults meanwhile.");
      }
      names = Collections.singletonList("otlp");
    }
    if (names.isEmpty()) return null;
    if (names.size() > 1) {
      values.problem("OTEL_TRACES_EXPORTER", String.join(",", names), "one exporter; using the first");
    }
    String name = names.get(0);
    switch (name) {
      case "none":
        return null;
      case "console":
      case "logging":
        return ConsoleSpanExporter.create();
      default:
        break;
    }
    SpanExporterProvider provider = provider(name);
    if (provider == null) {
      if (name.equals("otlp") || name.equals("zipkin")) {
        String message =
            "OTEL_TRACES_EXPORTER="
                + name
                + " needs "
                + HTTP_ARTIFACT
                + " on the class path; add that dependency. Spans are discarded until then.";
        if (explicit) {
          LOG.error("Ringtrace configuration: {}", message);
        } else {
          LOG.warn(
              "Ringtrace configuration: no exporter: OTEL_TRACES_EXPORTER is unset and {} is not on"
                  + " the class path; spans are discarded",
              HTTP_ARTIFACT);
        }
      } else {
        values.problem("OTEL_TRACES_EXPORTER", name, "otlp, zipkin, console or none");
      }
      return null;
    }
    try {
      return provider.create(exporterSettings());
    } catch (RuntimeException e) { // the message names the setting and value, never a header
      values.problem("OTEL_TRACES_EXPORTER", name, "valid exporter settings: " + e.getMessage());
      return null;
    }
  }

  private SpanExporterProvider provider(String name) {
    try {
      for (SpanExporterProvider p : providers.get()) {
        if (name.equals(p.name())) return p;
      }
    } catch (java.util.ServiceConfigurationError e) {
      LOG.error("Ringtrace configuration: could not load exporter providers", e);
    }
    return null;
  }

  /**
   * Every {@code OTEL_EXPORTER_*} and {@code RINGTRACE_EXPORTER_*} setting, by system-property
   * name, for the provider.
   */
  private Map<String, String> exporterSettings() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String prefix : new String[] {"OTEL_EXPORTER_", "RINGTRACE_EXPORTER_"}) {
      for (String key : source.names(prefix)) {
        String value = source.get(key);
        if (value != null) out.put(ConfigSource.propertyName(key), value);
      }
    }
    return out;
  }

  private void reporter(TracerBuilder builder) {
    Integer queue = values.integer("OTEL_BSP_MAX_QUEUE_SIZE", 1);
    String queueSetting = "OTEL_BSP_MAX_QUEUE_SIZE";
    if (queue == null) {
      queue = values.integer("JAEGER_REPORTER_MAX_QUEUE_SIZE", 1);
      queueSetting = "JAEGER_REPORTER_MAX_QUEUE_SIZE";
    }
    Integer batch = values.integer("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", 1);
    int effectiveQueue = queue != null ? queue : BatchingReporter.DEFAULT_MAX_QUEUE_SIZE;
    if (batch != null && batch > effectiveQueue) {
      values.problem(
          "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
          batch.toString(),
          "at most the queue size (" + effectiveQueue + ")");
      batch = null;
    }
    if (batch == null && effectiveQueue < BatchingReporter.DEFAULT_MAX_EXPORT_BATCH_SIZE) {
      batch = effectiveQueue; // a small queue: export it whole
    }
    if (queue != null) apply(queueSetting, queue, builder::maxQueueSize);
    if (batch != null) apply("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", batch, builder::maxExportBatchSize);
    Duration delay = values.duration("OTEL_BSP_SCHEDULE_DELAY", ChronoUnit.MILLIS);
    String delaySetting = "OTEL_BSP_SCHEDULE_DELAY";
    if (delay == null) {
      delay = values.duration("JAEGER_REPORTER_FLUSH_INTERVAL", ChronoUnit.MILLIS);
      delaySetting = "JAEGER_REPORTER_FLUSH_INTERVAL";
    }
    if (delay != null) apply(delaySetting, delay, builder::scheduleDelay);
    Duration timeout = values.duration("OTEL_BSP_EXPORT_TIMEOUT", ChronoUnit.MILLIS);
    if (timeout != null) apply("OTEL_BSP_EXPORT_TIMEOUT", timeout, builder::exportTimeout);
  }

  /** Hands a parsed value to the builder; a value the builder refuses becomes a problem. */
  private <T> void apply(String setting, T value, java.util.function.Consumer<T> setter) {
    try {
      setter.accept(value);
    } catch (IllegalArgumentException e) {
      values.problem(setting, String.valueOf(value), e.getMessage());
    }
  }

  private SpanLimits limits() {
    SpanLimits.Builder limits = SpanLimits.builder();
    Integer tags = values.integer("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", 0);
    if (tags != null) limits.maxTags(tags);
    Integer logs = values.integer("OTEL_SPAN_EVENT_COUNT_LIMIT", 0);
    if (logs != null) limits.maxLogs(logs);
    Integer links = values.integer("OTEL_SPAN_LINK_COUNT_LIMIT", 0);
    if (links != null) limits.maxReferences(links + 1);
    Integer fields = values.integer("OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT", 0);
    if (fields != null) limits.maxFieldsPerLog(fields);
    Integer length = values.integer("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", 0);
    if (length == null) length = values.integer("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", 0);
    if (length != null) limits.maxValueLength(length);
    return limits.build();
  }

  // ---------------------------------------------------------------------------------------------
  // Logs

  /** {@code RINGTRACE_LOG_CORRELATION}: which MDC keys hold the active span's ids. */
  LogCorrelation logCorrelation() {
    String name = values.string("RINGTRACE_LOG_CORRELATION");
    if (name == null) return LogCorrelation.none();
    LogCorrelation preset = LogCorrelation.byName(name);
    if (preset == null) {
      values.problem("RINGTRACE_LOG_CORRELATION", name, "none, jaeger, otel or brave");
      return LogCorrelation.none();
    }
    return preset;
  }

  private void jaegerUnsupported() {
    Boolean logSpans = values.bool("JAEGER_REPORTER_LOG_SPANS");
    if (Boolean.TRUE.equals(logSpans)) {
      unsupported.add("JAEGER_REPORTER_LOG_SPANS: use OTEL_TRACES_EXPORTER=console to see spans.");
    }
    Boolean traceId128 = values.bool("JAEGER_TRACEID_128BIT");
    if (Boolean.FALSE.equals(traceId128)) {
      unsupported.add(
          "JAEGER_TRACEID_128BIT=false: Ringtrace always creates 128-bit trace ids (as W3C Trace"
              + " Context requires); 64-bit ids received from callers are kept as they are.");
    }
    for (String name : new String[] {"JAEGER_USER", "JAEGER_PASSWORD", "JAEGER_AUTH_TOKEN"}) {
      if (values.string(name) != null) {
        unsupported.add(
            name + ": goes with JAEGER_ENDPOINT, which is not supported; put credentials in"
                + " OTEL_EXPORTER_OTLP_HEADERS.");
      }
    }
  }
}
