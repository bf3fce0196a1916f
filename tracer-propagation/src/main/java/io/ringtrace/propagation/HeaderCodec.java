/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import java.util.Map;

/** A {@link Propagator} of this package: it reads carriers through a {@link HeaderReader}. */
interface HeaderCodec extends Propagator {

  /** A new reader for one extraction. */
  HeaderReader newReader();

  /**
   * Reads every entry of the carrier with a {@linkplain #newReader() new reader}.
   *
   * @return the context the reader found, or {@code null}
   */
  @Override
  default ExtractedContext extract(Iterable<? extends Map.Entry<String, String>> carrier) {
    if (carrier == null) return null;
    HeaderReader reader = newReader();
    HeaderReader.readAll(carrier, reader);
    return reader.context();
  }
}
