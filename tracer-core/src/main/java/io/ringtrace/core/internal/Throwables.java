/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.internal;

/** Internal, not for public use. */
public final class Throwables {

  private Throwables() {}

  /**
   * Rethrows errors no tracer should swallow (out of memory, stack overflow, linkage problems);
   * everything else is for the caller to contain.
   */
  public static void propagateIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError) throw (VirtualMachineError) t;
    if (t instanceof LinkageError) throw (LinkageError) t;
  }
}
