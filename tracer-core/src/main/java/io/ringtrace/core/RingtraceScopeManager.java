/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;

/**
 * A thread-local stack of scopes, with the semantics of opentracing-util's {@code
 * ThreadLocalScopeManager}: {@link #activate} pushes, {@link Scope#close()} pops and restores the
 * previous span. Closing a scope that is not the thread's current one does nothing, so a double
 * close, or a close on another thread, cannot corrupt the stack.
 *
 * <p>Activating the span that is already active returns a shared no-op scope: nothing changes, so
 * there is nothing to allocate or restore.
 */
final class RingtraceScopeManager implements ScopeManager {

  private static final Scope NOOP_SCOPE = () -> {};

  private final ThreadLocal<ThreadScope> current = new ThreadLocal<>();

  @Override
  public Scope activate(Span span) {
    ThreadScope previous = current.get();
    if (previous != null && previous.span == span) return NOOP_SCOPE;
    if (previous == null && span == null) return NOOP_SCOPE;
    ThreadScope scope = new ThreadScope(this, span, previous);
    current.set(scope);
    return scope;
  }

  @Override
  public Span activeSpan() {
    ThreadScope scope = current.get();
    return scope == null ? null : scope.span;
  }

  /** One activation on one thread. */
  private static final class ThreadScope implements Scope {
    final RingtraceScopeManager manager;
    final Span span;
    final ThreadScope previous;

    ThreadScope(RingtraceScopeManager manager, Span span, ThreadScope previous) {
      this.manager = manager;
      this.span = span;
      this.previous = previous;
    }

    @Override
    public void close() {
      ThreadLocal<ThreadScope> current = manager.current;
      if (current.get() != this) return; // not ours to close (already closed, or out of order)
      if (previous == null) {
        current.remove(); // leave nothing behind on pooled threads
      } else {
        current.set(previous);
      }
    }
  }
}
