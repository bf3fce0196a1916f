/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Configuration errors surface at startup, naming the setting and the bad value. */
class BuilderValidationTest {

  @Test
  void endpoint_notHttp_isRejectedNamingIt() {
    assertThatThrownBy(() -> OtlpHttpSpanExporter.builder().endpoint("ftp://collector:4318/v1/traces"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("endpoint")
        .hasMessageContaining("ftp://collector:4318/v1/traces");
  }

  @Test
  void endpoint_notAUrl_isRejectedNamingIt() {
    assertThatThrownBy(() -> ZipkinHttpSpanExporter.builder().endpoint("http://bad host/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http://bad host/");
  }

  @Test
  void endpoint_withoutHost_isRejected() {
    assertThatThrownBy(() -> OtlpHttpSpanExporter.builder().endpoint("http:///v1/traces"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no host");
  }

  @Test
  void maxRequestBytes_tooSmall_isRejectedNamingTheValue() {
    assertThatThrownBy(() -> OtlpHttpSpanExporter.builder().maxRequestBytes(100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxRequestBytes")
        .hasMessageContaining("100");
  }

  @Test
  void timeout_zero_isRejected() {
    assertThatThrownBy(() -> OtlpHttpSpanExporter.builder().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout")
        .hasMessageContaining("PT0S");
  }

  @Test
  void maxAttempts_zero_isRejected() {
    assertThatThrownBy(() -> ZipkinHttpSpanExporter.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAttempts must be >= 1, was 0");
  }

  @Test
  void compression_unknown_isRejectedNamingIt() {
    assertThatThrownBy(() -> OtlpHttpSpanExporter.builder().compression("brotli"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brotli");
  }

  @Test
  void header_restricted_isRejectedNamingIt() {
    assertThatThrownBy(() -> OtlpHttpSpanExporter.builder().header("Host", "elsewhere"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Host");
  }

  @Test
  void header_valueWithNewline_isRejectedWithoutShowingTheValue() {
    assertThatThrownBy(() -> OtlpHttpSpanExporter.builder().header("Authorization", "Bearer s3cr3t\r\nX: y"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Authorization")
        .message()
        .doesNotContain("s3cr3t");
  }

  @Test
  void build_initialBackoffLongerThanMax_isRejected() {
    OtlpHttpSpanExporter.Builder builder =
        OtlpHttpSpanExporter.builder()
            .initialBackoff(Duration.ofSeconds(10))
            .maxBackoff(Duration.ofSeconds(1));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initialBackoff (PT10S)")
        .hasMessageContaining("maxBackoff (PT1S)");
  }

  @Test
  void defaults_areTheDocumentedOnes() {
    OtlpHttpSpanExporter otlp = OtlpHttpSpanExporter.builder().build();
    ZipkinHttpSpanExporter zipkin = ZipkinHttpSpanExporter.builder().build();
    try {
      assertThat(otlp.toString()).contains("http://localhost:4318/v1/traces").contains("gzip");
      assertThat(zipkin.toString()).contains("http://localhost:9411/api/v2/spans").contains("PROTO3");
      assertThat(OtlpHttpSpanExporter.DEFAULT_MAX_REQUEST_BYTES).isEqualTo(4 * 1024 * 1024);
    } finally {
      otlp.shutdown();
      zipkin.shutdown();
    }
  }

  @Test
  void retryAfter_seconds_isParsed() {
    assertThat(RetryPolicy.retryAfterNanos("120", 0)).isEqualTo(TimeUnit.SECONDS.toNanos(120));
  }

  @Test
  void retryAfter_httpDate_isTheTimeUntilIt() {
    long now = 1_700_000_000_000L;
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(now + 90_000).atZone(ZoneOffset.UTC));

    assertThat(RetryPolicy.retryAfterNanos(date, now)).isEqualTo(TimeUnit.SECONDS.toNanos(90));
  }

  @Test
  void retryAfter_dateInThePast_isZero() {
    assertThat(RetryPolicy.retryAfterNanos("Wed, 21 Oct 2015 07:28:00 GMT", 1_700_000_000_000L)).isZero();
  }

  @Test
  void retryAfter_garbage_isIgnored() {
    assertThat(RetryPolicy.retryAfterNanos("soon", 0)).isEqualTo(-1);
    assertThat(RetryPolicy.retryAfterNanos("-5", 0)).isEqualTo(-1);
    assertThat(RetryPolicy.retryAfterNanos(null, 0)).isEqualTo(-1);
  }
}
