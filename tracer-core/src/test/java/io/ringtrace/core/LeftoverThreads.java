/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The threads a tracer started and left behind: live threads that did not exist at {@link
 * #snapshot()} and whose names say they are ours ({@code ringtrace-...}) or belong to a JDK {@code
 * HttpClient} ({@code HttpClient-N-SelectorManager}, {@code HttpClient-N-Worker-M}).
 */
final class LeftoverThreads {

  /** How long a closed tracer's threads get to end; generous for a loaded machine. */
  private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(20);

  private final Set<Thread> before;

  private LeftoverThreads(Set<Thread> before) {
    this.before = before;
  }

  /** The threads alive now, to compare with later. */
  static LeftoverThreads snapshot() {
    return new LeftoverThreads(new HashSet<>(Thread.getAllStackTraces().keySet()));
  }

  /** The names of the threads started since the snapshot that are alive and ours. */
  List<String> names() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.isAlive() && isTracerThread(t.getName()))
        .map(Thread::getName)
        .sorted()
        .collect(Collectors.toList());
  }

  /**
   * Fails unless none is left. Threads stopped by close may take a moment to end; before Java 21
   * an {@code HttpClient}'s selector thread ends only after the client was garbage collected, so
   * there the wait runs garbage collections too. Bounded: at most {@link #WAIT_NANOS}.
   */
  void assertNoneLeft() throws InterruptedException {
    boolean collect = Runtime.version().feature() < 21;
    long deadline = System.nanoTime() + WAIT_NANOS;
    List<String> left = names();
    while (!left.isEmpty() && System.nanoTime() - deadline < 0) {
      if (collect) System.gc();
      Thread.sleep(50);
      left = names();
    }
    assertThat(left).as("threads left after close").isEmpty();
  }

  static boolean isTracerThread(String name) {
    return name.startsWith("ringtrace-") || name.startsWith("HttpClient-");
  }
}
