/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

  private final RetryPolicy policy = new RetryPolicy(5, 1_000, 2_000, 1.5);

  @ParameterizedTest
  @ValueSource(ints = {429, 502, 503, 504})
  void retryable_transientStatus_isTrue(int status) {
    assertThat(RetryPolicy.retryable(status)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 400, 401, 404, 413, 500, 501})
  void retryable_otherStatus_isFalse(int status) {
    assertThat(RetryPolicy.retryable(status)).isFalse();
  }

  @Test
  void ruleFor_tlsFailure_isPermanent() {
    RetryPolicy.FailureRule rule = RetryPolicy.ruleFor(new SSLHandshakeException("untrusted"));

    assertThat(rule.retry).isFalse();
    assertThat(rule.reason.apply(new SSLHandshakeException("untrusted")))
        .isEqualTo("TLS failure: untrusted");
  }

  @Test
  void ruleFor_connectTimeout_isRetriedWithoutCancelling() {
    RetryPolicy.FailureRule rule = RetryPolicy.ruleFor(new HttpConnectTimeoutException("slow"));

    assertThat(rule.retry).isTrue();
    assertThat(rule.cancel).isFalse();
    assertThat(rule.reason.apply(null)).isEqualTo("connect timed out");
  }

  @Test
  void ruleFor_responseTimeout_isRetriedAndCancelled() {
    RetryPolicy.FailureRule rule = RetryPolicy.ruleFor(new HttpTimeoutException("slow"));

    assertThat(rule.retry).isTrue();
    assertThat(rule.cancel).isTrue();
  }

  @Test
  void ruleFor_refusedConnection_isRetried() {
    assertThat(RetryPolicy.ruleFor(new ConnectException("refused")).retry).isTrue();
  }

  @Test
  void ruleFor_otherIoFailure_isRetried() {
    assertThat(RetryPolicy.ruleFor(new IOException("reset")).retry).isTrue();
  }

  @Test
  void ruleFor_nonIoFailure_isPermanent() {
    assertThat(RetryPolicy.ruleFor(new IllegalStateException("bug")).retry).isFalse();
  }

  @Test
  void next_growsByTheMultiplier_upToTheMaximum() {
    assertThat(policy.next(1_000)).isEqualTo(1_500);
    assertThat(policy.next(1_500)).isEqualTo(2_000);
    assertThat(policy.next(2_000)).isEqualTo(2_000);
  }

  @Test
  void delay_withRetryAfter_isTheRetryAfter() {
    assertThat(RetryPolicy.delay(1_000, 7)).isEqualTo(7);
  }

  @Test
  void delay_withoutRetryAfter_isBetweenHalfAndAllOfTheBackoff() {
    for (int i = 0; i < 1_000; i++) {
      assertThat(RetryPolicy.delay(1_000, -1)).isBetween(500L, 1_000L);
    }
  }
}
