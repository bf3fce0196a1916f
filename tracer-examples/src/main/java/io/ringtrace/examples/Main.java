/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.examples;

import io.opentracing.util.GlobalTracer;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.report.ConsoleSpanExporter;
import io.ringtrace.core.report.SpanExporter;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the examples, drives a few requests through them, prints every trace as a waterfall and
 * exits:
 *
 * <ol>
 *   <li>the tutorial web app ({@link TutorialApp}): {@code /home} twice, then a failing request;
 *   <li>the critical user operation ({@link LaunchApp}): one launch with serial provisioning, one
 *       in parallel.
 * </ol>
 *
 * {@code --serve} keeps the tutorial app running for a browser.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    boolean serve = args.length > 0 && "--serve".equals(args[0]);
    SpanExporter console = ConsoleSpanExporter.create();

    RingtraceTracer tracer = Ringtrace.builder("tutorial").exporter(console).build();
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
      services.put(name, Ringtrace.builder(name).exporter(console).build());
    }
    try (LaunchApp app = new LaunchApp(services::get)) {
      TracedHttpClient mobile = new TracedHttpClient(services.get("mobile"));
      mobile.get(app.webUri().resolve("/launch?mode=serial"));
      mobile.get(app.webUri().resolve("/launch?mode=parallel"));
      for (RingtraceTracer t : services.values()) t.flush(Duration.ofSeconds(5));
    } finally {
      for (RingtraceTracer t : services.values()) t.close();
      tracer.close();
    }
  }
}
