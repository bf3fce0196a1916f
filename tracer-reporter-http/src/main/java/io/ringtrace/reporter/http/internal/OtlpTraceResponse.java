/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.internal;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;

/**
 * Reads the collector's answer to what {@link OtlpTraceEncoder} wrote: an {@code
 * ExportTraceServiceResponse}, whose {@code partial_success} says how many spans were rejected
 * and why. Internal, not for public use.
 *
 * <p>Stateless and thread-safe.
 */
public final class OtlpTraceResponse {

  // ExportTraceServiceResponse.partial_success and its fields: (field_number << 3) | wire_type
  private static final int PARTIAL_SUCCESS_FIELD = (1 << 3) | 2;
  private static final int REJECTED_SPANS_FIELD = (1 << 3); // int64, varint
  private static final int ERROR_MESSAGE_FIELD = (2 << 3) | 2;

  /** Longest error message kept for a log line; longer ones are cut and end in "...". */
  private static final int MAX_MESSAGE_CHARS = 256;

  private OtlpTraceResponse() {}

  /**
   * Reads {@code ExportTraceServiceResponse.partial_success}: {@code rejected_spans} (field 1) and
   * {@code error_message} (field 2). A body that does not parse is taken as plain success.
   *
   * @param message out: {@code message[0]} receives a non-empty {@code error_message}, if any
   * @return the rejected spans, in {@code [0, Integer.MAX_VALUE]}
   */
  public static int rejectedSpans(byte[] body, String[] message) {
    if (body == null || body.length == 0) return 0;
    try {
      CodedInputStream in = CodedInputStream.newInstance(body);
      long rejected = 0;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (tag != PARTIAL_SUCCESS_FIELD) {
          in.skipField(tag);
          continue;
        }
        int limit = in.pushLimit(in.readRawVarint32());
        for (int t = in.readTag(); t != 0; t = in.readTag()) {
          if (t == REJECTED_SPANS_FIELD) {
            rejected = in.readInt64();
          } else if (t == ERROR_MESSAGE_FIELD) {
            String m = in.readString();
            if (!m.isEmpty()) {
              message[0] =
                  m.length() > MAX_MESSAGE_CHARS ? m.substring(0, MAX_MESSAGE_CHARS) + "..." : m;
            }
          } else {
            in.skipField(t);
          }
        }
        in.popLimit(limit);
      }
      return (int) Math.max(0, Math.min(rejected, Integer.MAX_VALUE));
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
