/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stops a {@link HttpClient} where the running JDK can. Internal, not for public use.
 *
 * <p>From Java 21 on, {@code HttpClient} has {@code shutdownNow()} and {@code
 * awaitTermination(Duration)}; its selector thread ends when they are called. The floor is Java
 * 11, so both are looked up once, by {@link MethodHandle}, and are absent before 21: there, the
 * selector thread ends a few seconds after the client becomes unreachable (its owner must drop
 * every reference to it) and the garbage collector has cleared it.
 */
public final class HttpClients {

  private static final MethodHandle SHUTDOWN_NOW; // (HttpClient)void, null before Java 21
  private static final MethodHandle AWAIT_TERMINATION; // (HttpClient,Duration)boolean, or null

  static {
    MethodHandle shutdownNow = null;
    MethodHandle awaitTermination = null;
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      shutdownNow =
          lookup.findVirtual(HttpClient.class, "shutdownNow", MethodType.methodType(void.class));
      awaitTermination =
          lookup.findVirtual(
              HttpClient.class,
              "awaitTermination",
              MethodType.methodType(boolean.class, Duration.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      shutdownNow = null; // Java 11 to 20
      awaitTermination = null;
    }
    SHUTDOWN_NOW = shutdownNow;
    AWAIT_TERMINATION = awaitTermination;
  }

  private HttpClients() {}

  /** True when the running JDK can stop a client ({@code HttpClient.shutdownNow()}, Java 21+). */
  public static boolean canShutdown() {
    return SHUTDOWN_NOW != null;
  }

  /**
   * Stops {@code client} at once, cancelling what it has in flight, and waits at most {@code
   * wait} for its threads to end. Does nothing before Java 21, or when {@code client} is null.
   * Never throws; an interrupt during the wait is kept for the caller.
   *
   * @return true if the client is known to have terminated
   */
  public static boolean shutdownNow(HttpClient client, Duration wait) {
    if (client == null || SHUTDOWN_NOW == null) return false;
    try {
      SHUTDOWN_NOW.invokeExact(client);
      if (wait.isZero() || wait.isNegative()) return false;
      return (boolean) AWAIT_TERMINATION.invokeExact(client, wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      return false;
    }
  }

  /**
   * Waits until the threads of {@code pool} (already shut down) have ended, or until {@code
   * deadline} ({@link System#nanoTime()} time) has passed; keeps the interrupt of a caller that is
   * interrupted while waiting.
   */
  public static void awaitTermination(ExecutorService pool, long deadline) {
    try {
      long remaining = deadline - System.nanoTime();
      if (remaining > 0) pool.awaitTermination(remaining, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
