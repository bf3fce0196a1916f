/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.examples;

import io.opentracing.util.GlobalTracer;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.report.ConsoleSpanExporter;
import java.net.URI;
import java.time.Duration;

/**
 * Runs the tutorial web app, drives a few requests through it, prints every trace as a waterfall
 * and exits. {@code --serve} keeps it running for a browser.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    boolean serve = args.length > 0 && "--serve".equals(args[0]);
    RingtraceTracer tracer =
        Ringtrace.builder("tutorial").exporter(ConsoleSpanExporter.create()).build();
    GlobalTracer.registerIfAbsent(tracer);

    try (TutorialApp app = new TutorialApp(GlobalTracer.get(), 200)) {
      URI base = app.baseUri();
      TracedHttpClient client = new TracedHttpClient(GlobalTracer.get());
      client.get(base.resolve("/home"));
      client.get(base.resolve("/home"));
      client.get(base.resolve("/service?fail=true"));
      if (serve) {
        System.out.println("Serving on " + base + "/ ; press Ctrl+C to stop.");
        Thread.currentThread().join();
      }
    } finally {
      tracer.flush(Duration.ofSeconds(5));
      tracer.close();
      System.out.println(tracer.metrics());
    }
  }
}
