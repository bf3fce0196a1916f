/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Zipkin server (the executable jar the build copies into target/), run as a child
 * process on 127.0.0.1 with in-memory storage and a small heap, and stopped by its PID.
 */
public final class ZipkinServerProcess implements AutoCloseable {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final Path log;
  private final int port;
  private final Thread stopOnExit;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private ZipkinServerProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
    // Belt and braces: a test run that dies without @AfterAll must not leave Zipkin running.
    this.stopOnExit = new Thread(process::destroyForcibly, "stop-zipkin");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /** Starts the server and waits until {@code /health} answers. */
  public static ZipkinServerProcess start() throws Exception {
    String jar = System.getProperty("ringtrace.zipkin.jar");
    if (jar == null || !Files.exists(Path.of(jar))) {
      throw new IllegalStateException(
          "the Zipkin server jar is missing (" + jar + "); run the tests through Maven, which copies it");
    }
    // Zipkin 3 runs on Java 17+. On an older test JVM, name a newer java with
    // -Dringtrace.zipkin.java=/path/to/bin/java, or the end-to-end tests are skipped.
    String java = System.getProperty("ringtrace.zipkin.java");
    if (java == null) {
      Assumptions.assumeTrue(
          Runtime.version().feature() >= 17,
          "the Zipkin server needs Java 17+; this JVM is " + Runtime.version().feature());
      java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path log = Path.of(jar).resolveSibling("zipkin-" + port + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
            List.of(
                java,
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar,
                "--armeria.ports[0].ip=127.0.0.1",
                "--armeria.ports[0].port=" + port,
                "--armeria.ports[0].protocols[0]=http"));
    builder.environment().put("STORAGE_TYPE", "mem");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    ZipkinServerProcess server = new ZipkinServerProcess(builder.start(), log, port);
    try {
      server.awaitHealthy();
      return server;
    } catch (Exception | Error e) {
      server.close();
      throw e;
    }
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  public long pid() {
    return process.pid();
  }

  /** GET {@code path}: the status and body. */
  public HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private void awaitHealthy() throws Exception {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Zipkin exited with " + process.exitValue() + ": " + logTail());
      }
      try {
        HttpResponse<byte[]> health = get("/health");
        if (health.statusCode() == 200) return;
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("Zipkin not healthy after " + STARTUP_TIMEOUT + ": " + logTail());
  }

  private String logTail() {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return text.substring(Math.max(0, text.length() - 2000));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /** Stops the process by its PID: politely, then forcibly. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down
    }
  }
}
