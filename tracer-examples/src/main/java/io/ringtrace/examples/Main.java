/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.examples;

import io.opentracing.util.GlobalTracer;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.TracerBuilder;
import io.ringtrace.core.report.ConsoleSpanExporter;
import io.ringtrace.core.report.SpanExporter;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the examples, drives a few requests through them, and exits:
 *
 * <ol>
 *   <li>the tutorial web app ({@link TutorialApp}): {@code /home} twice, then a failing request;
 *   <li>the critical user operation ({@link LaunchApp}): one launch with serial provisioning, one
 *       in parallel.
 * </ol>
 *
 * <p>Tracers are configured from the environment ({@link Ringtrace#builderFromEnvironment()}):
 * with {@code OTEL_TRACES_EXPORTER=zipkin} (or {@code otlp}) the traces go to that collector.
 * Without it, every trace is printed as a waterfall by one shared console exporter.
 *
 * <p>{@code --serve} keeps the tutorial app running for a browser.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    boolean serve = args.length > 0 && "--serve".equals(args[0]);
    SpanExporter console = sharedConsoleUnlessConfigured();

    RingtraceTracer tracer = tracerFor("tutorial", console);
    GlobalTracer.registerIfAbsent(tracer);
    System.out.println("== The tutorial web app: GET /home twice, then a request that fails ==\n");
    try (TutorialApp app = new TutorialApp(GlobalTracer.get(), 200)) {
      URI base = app.baseUri();
      TracedHttpClient client = new TracedHttpClient(GlobalTracer.get());
      client.get(base.resolve("/home"));
      client.get(base.resolve("/home"));
      client.get(base.resolve("/service?fail=true"));
      tracer.flush(Duration.ofSeconds(5));
      if (serve) {
        System.out.println("Serving on " + base + "/ ; press Ctrl+C to stop.");
        Thread.currentThread().join();
      }
    }

    System.out.println("== A critical user operation: launch a workload, serial then parallel ==\n");
    Map<String, RingtraceTracer> services = new LinkedHashMap<>();
    for (String name : new String[] {"mobile", "web", "auth", "billing", "resources"}) {
      services.put(name, tracerFor(name, console));
    }
    try (LaunchApp app = new LaunchApp(services::get)) {
      TracedHttpClient mobile = new TracedHttpClient(services.get("mobile"));
      mobile.get(app.webUri().resolve("/launch?mode=serial"));
      mobile.get(app.webUri().resolve("/launch?mode=parallel"));
      // Callees first, the root's service last: the console prints a trace when its root arrives.
      for (String name : new String[] {"resources", "billing", "auth", "web", "mobile"}) {
        services.get(name).flush(Duration.ofSeconds(5));
      }
    } finally {
      for (RingtraceTracer t : services.values()) t.close();
      tracer.close();
    }
  }

  /**
   * One console exporter for every tracer of this process, so a trace across the example's
   * services prints as one waterfall; {@code null} when the environment names another exporter.
   */
  static SpanExporter sharedConsoleUnlessConfigured() {
    String configured = System.getProperty("otel.traces.exporter", System.getenv("OTEL_TRACES_EXPORTER"));
    if (configured != null && !configured.trim().equalsIgnoreCase("console")) return null;
    System.setProperty("otel.traces.exporter", "none"); // the shared one is set on each builder
    return ConsoleSpanExporter.create();
  }

  static RingtraceTracer tracerFor(String service, SpanExporter console) {
    TracerBuilder builder = Ringtrace.builderFromEnvironment().serviceName(service);
    if (console != null) {
      // Export only on flush, so that each service's spans reach the shared console in the order
      // main() flushes them.
      builder.exporter(console).scheduleDelay(Duration.ofMinutes(1));
    }
    return builder.build();
  }
}
