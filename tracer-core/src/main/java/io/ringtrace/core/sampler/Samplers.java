/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

import io.ringtrace.core.internal.Throwables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Helpers shared by the samplers of this package. */
final class Samplers {

  private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);

  private Samplers() {}

  /** Closes {@code sampler} if it is {@link AutoCloseable}; logs instead of throwing. */
  static void closeQuietly(Sampler sampler) {
    if (!(sampler instanceof AutoCloseable)) return;
    try {
      ((AutoCloseable) sampler).close();
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      LOG.warn("closing sampler {} failed", sampler, t);
    }
  }

  /** Checks a ratio argument: finite and in [0, 1]. */
  static double checkRatio(double ratio, String name) {
    if (!(ratio >= 0.0 && ratio <= 1.0)) { // NaN fails both
      throw new IllegalArgumentException(name + " must be in [0, 1]: " + ratio);
    }
    return ratio;
  }

  /** Checks a rate argument: finite and zero or more. */
  static double checkRate(double rate, String name) {
    if (!(rate >= 0.0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0: " + rate);
    }
    return rate;
  }
}
