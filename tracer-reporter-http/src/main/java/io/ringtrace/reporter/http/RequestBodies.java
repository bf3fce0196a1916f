/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.internal.ThrottledLogger;
import io.ringtrace.core.internal.Throwables;
import io.ringtrace.core.report.ExportResult;
import io.ringtrace.reporter.http.internal.BatchEncoder;
import io.ringtrace.reporter.http.internal.Gzip;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Turns a batch into the bodies of its requests: the encoder's size and write passes, each
 * request under {@code maxRequestBytes}, gzip-compressed if asked, copied out so that the
 * encoder's buffers can be reused at once.
 *
 * <p><b>Threads.</b> {@link #lock} serializes encoding: it owns the encoder, the gzip buffer and
 * its native deflater. Each body leaves it as a copy of its own, so that sending needs no lock.
 * {@link #releaseIfIdle()} (from the exporter's shutdown, any thread) frees the deflater if no
 * encoding is in progress; otherwise the encoding thread frees it on its way out, having seen
 * the shutdown flag. {@link #released} is guarded by the lock.
 */
final class RequestBodies {

  /** A batch encoded into request bodies; or, in {@link #result}, why nothing is to be sent. */
  static final class Encoded {
    final List<byte[]> bodies = new ArrayList<>(2);
    final List<Integer> spans = new ArrayList<>(2); // per body
    long deadline;
    int dropped; // too large for any request
    String message;
    ExportResult result;
  }

  private final String name;
  private final BatchEncoder encoder;
  private final boolean gzip;
  private final int maxRequestBytes;
  private final long timeoutNanos;
  private final Time time;
  private final AtomicBoolean shutdown;
  private final ThrottledLogger failureLog;

  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock.
  private Gzip gzipper;
  private boolean released;

  RequestBodies(
      String name,
      HttpExporterConfig config,
      BatchEncoder encoder,
      AtomicBoolean shutdown,
      ThrottledLogger failureLog) {
    this.name = name;
    this.encoder = encoder;
    this.gzip = config.gzip;
    this.maxRequestBytes = config.maxRequestBytes;
    this.timeoutNanos = config.timeoutNanos;
    this.time = config.time;
    this.shutdown = shutdown;
    this.failureLog = failureLog;
  }

  /** The {@code Content-Type} of the bodies. */
  String contentType() {
    return encoder.contentType();
  }

  /**
   * The size and write passes under {@link #lock}, each request compressed if asked and copied
   * out, so that the lock is free again before anything is sent. The export deadline starts here.
   */
  Encoded encode(List<FinishedSpan> spans, int n) {
    Encoded e = new Encoded();
    if (shutdown.get()) {
      e.result = HttpExporter.shutDown(n);
      return e;
    }
    lock.lock();
    try {
      if (shutdown.get()) {
        e.result = HttpExporter.shutDown(n);
        return e;
      }
      e.deadline = time.nanoTime() + timeoutNanos;
      int dropped = encoder.prepare(spans, maxRequestBytes);
      int truncated = encoder.truncatedCount();
      e.dropped = dropped;
      if (dropped > 0) {
        e.message =
            dropped + " span(s) larger than maxRequestBytes (" + maxRequestBytes + ") dropped";
        failureLog.warn("{}", name + ": " + e.message);
      } else if (truncated > 0) {
        failureLog.warn(
            "{}", name + ": " + truncated + " span(s) had values truncated to fit maxRequestBytes");
      }
      int from = 0;
      while (from < n) {
        int next = encoder.encodeRequest(from);
        int count = encoder.requestSpanCount();
        if (count > 0) {
          e.bodies.add(compressed(encoder.body(), encoder.bodyLength()));
          e.spans.add(count);
        }
        from = next;
      }
      if (e.bodies.isEmpty()) {
        e.result =
            dropped == 0 ? ExportResult.success() : ExportResult.failure(false, dropped, e.message);
      }
      return e;
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      failureLog.warn("{}", name + " export failed: " + t + "; " + n + " span(s) dropped");
      e.result = ExportResult.failure(false, n, "export failed: " + t);
      return e;
    } finally {
      encoder.clear();
      if (shutdown.get()) release();
      lock.unlock();
    }
  }

  /** Frees the deflater now unless a thread is encoding (it frees it on its way out). */
  void releaseIfIdle() {
    if (lock.tryLock()) {
      try {
        release();
      } finally {
        lock.unlock();
      }
    }
  }

  /** A copy of the body, gzip-compressed if asked. */
  private byte[] compressed(byte[] body, int length) {
    if (!gzip) return Arrays.copyOf(body, length);
    if (gzipper == null) gzipper = new Gzip();
    gzipper.compress(body, length);
    return Arrays.copyOf(gzipper.array(), gzipper.length());
  }

  private void release() {
    if (released) return;
    released = true;
    if (gzipper != null) gzipper.end();
  }
}
