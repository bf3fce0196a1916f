/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.internal;

/**
 * Waiting for a spin lock that another thread holds for a few field writes. Internal, not for
 * public use.
 */
public final class Spin {

  private Spin() {}

  /**
   * One round of waiting: a spin hint for the first hundred rounds, then a yield, so that a lock
   * holder that lost its core gets it back.
   *
   * @return {@code rounds + 1}
   */
  public static int backOff(int rounds) {
    if (rounds < 100) {
      Thread.onSpinWait();
    } else {
      Thread.yield();
    }
    return rounds + 1;
  }
}
