/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import io.ringtrace.core.FinishedSpan;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Prints each finished trace as a waterfall: the span tree indented, a bar per span scaled to the
 * trace's duration, durations, errors marked {@code !}, and the critical path marked {@code *}.
 * For development ({@code OTEL_TRACES_EXPORTER=console}); not for production.
 *
 * <pre>
 * trace 4bf92f3577b34da6a3ce929d0e0e4736  checkout  412.3 ms  (*critical !error)
 * * checkout: GET /home [server] |======================================|   412.3 ms
 * *   GET /service [client]      |   ====================               |   230.1 ms
 *       db: GET /rows [server] ! |     ======                           |    61.0 ms
 * </pre>
 *
 * <p>Spans are held per trace until the trace's root (a span without a parent) arrives, then
 * printed together. A trace whose root lives in another process is printed once no span of it has
 * arrived for {@value #IDLE_MILLIS} ms (checked whenever a batch arrives) or at {@link
 * #shutdown()}. Held traces are bounded ({@value #MAX_TRACES} traces, {@value
 * #MAX_SPANS_PER_TRACE} spans each): past that the oldest trace is printed as it is.
 */
public final class ConsoleSpanExporter implements SpanExporter {

  /** Traces held while waiting for their root. */
  public static final int MAX_TRACES = 1000;

  /** Spans held per trace. */
  public static final int MAX_SPANS_PER_TRACE = 10_000;

  /** How long a trace without a local root waits for more spans before it is printed. */
  public static final long IDLE_MILLIS = 2000;

  /** Width when neither the builder nor the {@code COLUMNS} variable says otherwise. */
  public static final int DEFAULT_WIDTH = 100;

  private final PrintStream out;
  private final int width;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Pending> pending = new LinkedHashMap<>(); // guarded by lock

  /** The spans of one trace held so far. */
  private static final class Pending {
    final List<FinishedSpan> spans = new ArrayList<>();
    long lastArrivalNanos;
  }

  private ConsoleSpanExporter(PrintStream out, int width) {
    this.out = out;
    // One column short of the terminal: a line exactly as wide wraps in some terminals.
    this.width = Math.max(60, width) - 1;
  }

  /** Prints to standard out, as wide as {@code COLUMNS} says, else {@value #DEFAULT_WIDTH}. */
  public static ConsoleSpanExporter create() {
    return create(System.out, columns());
  }

  /** Prints to {@code out}, {@code width} columns wide (at least 60). */
  public static ConsoleSpanExporter create(PrintStream out, int width) {
    if (out == null) throw new NullPointerException("out == null");
    return new ConsoleSpanExporter(out, width);
  }

  private static int columns() {
    try {
      String columns = System.getenv("COLUMNS");
      return columns == null ? DEFAULT_WIDTH : Integer.parseInt(columns.trim());
    } catch (RuntimeException e) {
      return DEFAULT_WIDTH;
    }
  }

  @Override
  public ExportResult export(List<FinishedSpan> spans) {
    long now = System.nanoTime();
    lock.lock();
    try {
      // First take the whole batch in, then print: a root may come before its children.
      List<String> rootsArrived = new ArrayList<>();
      for (FinishedSpan span : spans) {
        Pending trace = pending.get(span.traceId());
        if (trace == null) {
          if (pending.size() >= MAX_TRACES) print(removeOldest());
          trace = new Pending();
          pending.put(span.traceId(), trace);
        }
        trace.spans.add(span);
        trace.lastArrivalNanos = now;
        if (span.parentSpanId() == null || trace.spans.size() >= MAX_SPANS_PER_TRACE) {
          rootsArrived.add(span.traceId());
        }
      }
      for (String traceId : rootsArrived) {
        Pending trace = pending.remove(traceId);
        if (trace != null) print(trace.spans);
      }
      long idleNanos = IDLE_MILLIS * 1_000_000L;
      for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
        Pending trace = it.next();
        if (now - trace.lastArrivalNanos >= idleNanos) {
          it.remove();
          print(trace.spans);
        }
      }
    } finally {
      lock.unlock();
    }
    return ExportResult.success();
  }

  @Override
  public void shutdown() {
    lock.lock();
    try {
      for (Pending trace : pending.values()) print(trace.spans);
      pending.clear();
    } finally {
      lock.unlock();
    }
  }

  private List<FinishedSpan> removeOldest() {
    Iterator<Pending> it = pending.values().iterator();
    Pending oldest = it.next();
    it.remove();
    return oldest.spans;
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering

  void print(List<FinishedSpan> trace) {
    out.print(render(trace));
    out.flush();
  }

  String render(List<FinishedSpan> trace) {
    Map<String, FinishedSpan> byId = new HashMap<>();
    for (FinishedSpan s : trace) byId.put(s.spanId(), s);
    Map<String, List<FinishedSpan>> children = new HashMap<>();
    List<FinishedSpan> roots = new ArrayList<>();
    for (FinishedSpan s : trace) {
      String parent = s.parentSpanId();
      if (parent != null && byId.containsKey(parent)) {
        children.computeIfAbsent(parent, k -> new ArrayList<>()).add(s);
      } else {
        roots.add(s);
      }
    }
    Comparator<FinishedSpan> byStart = Comparator.comparingLong(FinishedSpan::startEpochNanos);
    roots.sort(byStart);
    children.values().forEach(list -> list.sort(byStart));

    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (FinishedSpan s : trace) {
      start = Math.min(start, s.startEpochNanos());
      end = Math.max(end, s.endEpochNanos());
    }
    Set<FinishedSpan> critical = new HashSet<>();
    for (FinishedSpan root : roots) markCritical(root, children, critical);

    int durationWidth = 10;
    // The name column is as wide as the longest name, leaving the bar at least a third.
    int room = width - durationWidth - 8;
    int nameWidth = Math.min(longestName(roots, children, null, 0) + 1, room - room / 3);
    int barWidth = room - nameWidth;
    StringBuilder sb = new StringBuilder();
    FinishedSpan first = roots.get(0);
    String header =
        "trace "
            + first.traceId()
            + "  "
            + first.resource().serviceName()
            + "  "
            + formatDuration(end - start)
            + "  (*critical !error)";
    sb.append(header.length() > width ? header.substring(0, width) : header).append('\n');
    for (FinishedSpan root : roots) {
      renderSpan(
          sb, root, null, 0, children, critical, start, end, nameWidth, barWidth, durationWidth);
    }
    return sb.append('\n').toString();
  }

  /** The spans that bound the trace's duration, walking back from each span's end. */
  private static void markCritical(
      FinishedSpan span, Map<String, List<FinishedSpan>> children, Set<FinishedSpan> critical) {
    critical.add(span);
    List<FinishedSpan> kids = new ArrayList<>(children.getOrDefault(span.spanId(), List.of()));
    kids.sort(Comparator.comparingLong(FinishedSpan::endEpochNanos).reversed());
    long cursor = span.endEpochNanos();
    for (FinishedSpan kid : kids) {
      // A child that ends a little after its parent (a server span finishing just after its
      // response was sent) counts as ending with it.
      if (Math.min(kid.endEpochNanos(), span.endEpochNanos()) <= cursor) {
        markCritical(kid, children, critical);
        cursor = kid.startEpochNanos();
      }
    }
  }

  private static void renderSpan(
      StringBuilder sb,
      FinishedSpan span,
      FinishedSpan parent,
      int depth,
      Map<String, List<FinishedSpan>> children,
      Set<FinishedSpan> critical,
      long traceStart,
      long traceEnd,
      int nameWidth,
      int barWidth,
      int durationWidth) {
    sb.append(critical.contains(span) ? "* " : "  ");
    String name = label(span, parent, depth);
    sb.append(fit(name, nameWidth)).append(isError(span) ? " ! " : "   ").append('|');
    double total = Math.max(1, traceEnd - traceStart);
    int from = (int) Math.floor((span.startEpochNanos() - traceStart) / total * barWidth);
    int to = (int) Math.ceil((span.endEpochNanos() - traceStart) / total * barWidth);
    from = Math.min(Math.max(from, 0), barWidth - 1);
    to = Math.max(to, from + 1);
    for (int i = 0; i < barWidth; i++) sb.append(i >= from && i < to ? '=' : ' ');
    sb.append("| ");
    String duration = formatDuration(span.endEpochNanos() - span.startEpochNanos());
    for (int i = duration.length(); i < durationWidth; i++) sb.append(' ');
    sb.append(duration).append('\n');
    for (FinishedSpan child : children.getOrDefault(span.spanId(), List.of())) {
      renderSpan(
          sb, child, span, depth + 1, children, critical, traceStart, traceEnd, nameWidth,
          barWidth, durationWidth);
    }
  }

  /** The indented name of a span: service where it changes, operation, and kind. */
  private static String label(FinishedSpan span, FinishedSpan parent, int depth) {
    String service = span.resource().serviceName();
    // Name the service where it changes: the root, and a span of another service than its parent's.
    String prefix =
        parent == null || !service.equals(parent.resource().serviceName()) ? service + ": " : "";
    String name = "  ".repeat(Math.min(depth, 10)) + prefix + span.operationName();
    Object kind = span.tags().get("span.kind");
    return kind == null ? name : name + " [" + kind + "]";
  }

  private static int longestName(
      List<FinishedSpan> spans,
      Map<String, List<FinishedSpan>> children,
      FinishedSpan parent,
      int depth) {
    int longest = 0;
    for (FinishedSpan span : spans) {
      longest = Math.max(longest, label(span, parent, depth).length());
      List<FinishedSpan> kids = children.get(span.spanId());
      if (kids != null) longest = Math.max(longest, longestName(kids, children, span, depth + 1));
    }
    return longest;
  }

  private static boolean isError(FinishedSpan span) {
    Object error = span.tags().get("error");
    return Boolean.TRUE.equals(error) || "true".equals(error);
  }

  private static String fit(String s, int width) {
    if (s.length() > width) return s.substring(0, width - 1) + '~';
    StringBuilder sb = new StringBuilder(width).append(s);
    while (sb.length() < width) sb.append(' ');
    return sb.toString();
  }

  static String formatDuration(long nanos) {
    if (nanos < 1_000) return nanos + " ns";
    if (nanos < 1_000_000) return String.format("%.1f us", nanos / 1e3);
    if (nanos < 1_000_000_000) return String.format("%.1f ms", nanos / 1e6);
    return String.format("%.2f s", nanos / 1e9);
  }
}
