/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import org.junit.jupiter.api.Test;

class OtlpTraceResponseTest {

  private static byte[] response(long rejected, String message) {
    return ExportTraceServiceResponse.newBuilder()
        .setPartialSuccess(
            ExportTracePartialSuccess.newBuilder()
                .setRejectedSpans(rejected)
                .setErrorMessage(message))
        .build()
        .toByteArray();
  }

  @Test
  void rejectedSpans_partialSuccess_answersTheCountAndTheMessage() {
    String[] message = new String[1];

    int rejected = OtlpTraceResponse.rejectedSpans(response(3, "too old"), message);

    assertThat(rejected).isEqualTo(3);
    assertThat(message[0]).isEqualTo("too old");
  }

  @Test
  void rejectedSpans_longMessage_isCutForTheLog() {
    String[] message = new String[1];
    String longMessage = "x".repeat(1000);

    OtlpTraceResponse.rejectedSpans(response(1, longMessage), message);

    assertThat(message[0]).isEqualTo(longMessage.substring(0, 256) + "...");
  }

  @Test
  void rejectedSpans_emptyResponse_isPlainSuccess() {
    String[] message = new String[1];

    int rejected =
        OtlpTraceResponse.rejectedSpans(
            ExportTraceServiceResponse.getDefaultInstance().toByteArray(), message);

    assertThat(rejected).isZero();
    assertThat(message[0]).isNull();
  }

  @Test
  void rejectedSpans_garbage_isPlainSuccess() {
    String[] message = new String[1];

    int rejected = OtlpTraceResponse.rejectedSpans(new byte[] {0x0a, 0x7f, 0x01}, message);

    assertThat(rejected).isZero();
  }
}
