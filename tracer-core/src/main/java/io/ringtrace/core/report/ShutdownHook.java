/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import io.ringtrace.core.internal.ThrottledLogger;

/**
 * The JVM shutdown hook a {@link BatchingReporter} registers when its builder asks for it: a
 * thread, {@code ringtrace-reporter-<service>-shutdown}, that closes the reporter, exporting what
 * is queued within the close timeout.
 *
 * <h2>Contract</h2>
 *
 * {@link #register()} once, when the reporter starts; {@link #remove()} when it closes, from any
 * thread but the hook's own (a hook cannot remove itself, and need not: it runs once). A JVM that
 * is already shutting down refuses the removal; the hook then runs and finds the reporter closed.
 * Never throws.
 *
 * <h2>Threads and memory ordering</h2>
 *
 * Immutable after construction; the runtime's own registry orders registration and removal.
 */
final class ShutdownHook {

  private final Thread hook;
  private final ThrottledLogger failureLog;

  /** A hook that runs {@code close}, or none at all when {@code enabled} is false. */
  ShutdownHook(boolean enabled, String serviceName, Runnable close, ThrottledLogger failureLog) {
    this.hook =
        enabled ? new Thread(close, "ringtrace-reporter-" + serviceName + "-shutdown") : null;
    this.failureLog = failureLog;
  }

  void register() {
    if (hook != null) Runtime.getRuntime().addShutdownHook(hook);
  }

  void remove() {
    if (hook == null || Thread.currentThread() == hook) return;
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down already; the hook is running or about to, and will find us closed.
    } catch (RuntimeException e) {
      failureLog.debug("could not remove the shutdown hook", e);
    }
  }

  /** The hook's thread, or null if none; for tests. */
  Thread thread() {
    return hook;
  }
}
