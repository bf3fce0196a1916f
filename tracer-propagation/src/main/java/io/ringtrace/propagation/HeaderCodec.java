/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

/** A {@link Propagator} of this package: it reads carriers through a {@link HeaderReader}. */
interface HeaderCodec extends Propagator {

  /** A new reader for one extraction. */
  HeaderReader newReader();
}
