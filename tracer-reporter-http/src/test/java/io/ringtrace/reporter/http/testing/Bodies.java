/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.testing;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.reporter.http.internal.BatchEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs an encoder over a batch the way the exporter does, keeping copies of the bodies. */
public final class Bodies {

  public static final int FOUR_MIB = 4 * 1024 * 1024;

  public final List<byte[]> bodies = new ArrayList<>();
  public final List<Integer> spansPerBody = new ArrayList<>();
  public int dropped;
  public int truncated;

  private Bodies() {}

  public static Bodies encode(BatchEncoder encoder, List<FinishedSpan> spans, int maxRequestBytes) {
    Bodies result = new Bodies();
    result.dropped = encoder.prepare(spans, maxRequestBytes);
    result.truncated = encoder.truncatedCount();
    int i = 0;
    while (i < spans.size()) {
      i = encoder.encodeRequest(i);
      if (encoder.requestSpanCount() > 0) {
        result.bodies.add(Arrays.copyOf(encoder.body(), encoder.bodyLength()));
        result.spansPerBody.add(encoder.requestSpanCount());
      }
    }
    encoder.clear();
    return result;
  }

  /** The only body; fails if there is not exactly one. */
  public static byte[] single(BatchEncoder encoder, List<FinishedSpan> spans) {
    Bodies b = encode(encoder, spans, FOUR_MIB);
    if (b.bodies.size() != 1) throw new AssertionError("expected one body, got " + b.bodies.size());
    return b.bodies.get(0);
  }
}
