/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesTest {

  static Values env(String... keyValues) {
    Map<String, String> env = new java.util.HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) env.put(keyValues[i], keyValues[i + 1]);
    return new Values(ConfigSource.of(env, Map.of()));
  }

  @Test
  void systemProperty_winsOverEnvironmentVariable() {
    ConfigSource source =
        ConfigSource.of(
            Map.of("OTEL_SERVICE_NAME", "from-env"), Map.of("otel.service.name", "from-prop"));
    assertThat(source.get("OTEL_SERVICE_NAME")).isEqualTo("from-prop");
    assertThat(ConfigSource.of(Map.of("OTEL_SERVICE_NAME", " svc "), Map.of()).get("OTEL_SERVICE_NAME"))
        .isEqualTo("svc");
  }

  @Test
  void blankValues_countAsUnset() {
    assertThat(env("X", "   ").string("X")).isNull();
  }

  @Test
  void durations_areMillisecondsByDefault_orCarryAUnit() {
    Values v = env("A", "5000", "B", "250ms", "C", "2s", "D", "1m", "E", "1h");
    assertThat(v.duration("A", ChronoUnit.MILLIS)).isEqualTo(Duration.ofSeconds(5));
    assertThat(v.duration("B", ChronoUnit.MILLIS)).isEqualTo(Duration.ofMillis(250));
    assertThat(v.duration("C", ChronoUnit.MILLIS)).isEqualTo(Duration.ofSeconds(2));
    assertThat(v.duration("D", ChronoUnit.MILLIS)).isEqualTo(Duration.ofMinutes(1));
    assertThat(v.duration("E", ChronoUnit.MILLIS)).isEqualTo(Duration.ofHours(1));
    assertThat(v.problems()).isEmpty();
  }

  @Test
  void unparsableDuration_isAProblemNamingTheVariableAndValue() {
    Values v = env("OTEL_BSP_SCHEDULE_DELAY", "soon", "NEG", "-5");
    assertThat(v.duration("OTEL_BSP_SCHEDULE_DELAY", ChronoUnit.MILLIS)).isNull();
    assertThat(v.duration("NEG", ChronoUnit.MILLIS)).isNull();
    assertThat(v.problems()).hasSize(2);
    assertThat(v.problems().get(0)).contains("OTEL_BSP_SCHEDULE_DELAY").contains("'soon'");
  }

  @Test
  void ratioOutsideZeroToOne_isAProblem() {
    Values v = env("R", "1.5", "OK", "0.25", "NAN", "abc");
    assertThat(v.ratio("R")).isNull();
    assertThat(v.ratio("OK")).isEqualTo(0.25);
    assertThat(v.ratio("NAN")).isNull();
    assertThat(v.problems()).hasSize(2).allMatch(p -> p.contains("from 0 to 1"));
  }

  @Test
  void integersBelowTheMinimum_areAProblem() {
    Values v = env("Q", "0", "OK", "2048", "BAD", "x");
    assertThat(v.integer("Q", 1)).isNull();
    assertThat(v.integer("OK", 1)).isEqualTo(2048);
    assertThat(v.integer("BAD", 1)).isNull();
    assertThat(v.problems()).hasSize(2);
  }

  @Test
  void keyValueLists_arePercentDecoded_andAMalformedListIsRejectedWhole() {
    Values v = env("GOOD", "a=1, b=x%20y ,c=%3D", "BAD", "a=1,novalue");
    assertThat(v.keyValues("GOOD", false)).containsExactly(entry("a", "1"), entry("b", "x y"), entry("c", "="));
    assertThat(v.keyValues("BAD", false)).isNull();
    assertThat(v.problems()).singleElement().asString().contains("BAD");
  }

  @Test
  void secretKeyValueLists_neverShowTheirValueInAProblem() {
    Values v = env("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer%20s3cr3t,broken");
    assertThat(v.keyValues("OTEL_EXPORTER_OTLP_HEADERS", true)).isNull();
    assertThat(v.problems()).singleElement().asString().doesNotContain("s3cr3t").contains("<hidden>");
  }

  @Test
  void lists_areTrimmedLowerCasedAndSkipEmptyItems() {
    assertThat(env("P", " TraceContext, ,baggage ").list("P")).containsExactly("tracecontext", "baggage");
  }

  @Test
  void booleans_acceptOnlyTrueOrFalse() {
    Values v = env("T", "TRUE", "F", "false", "X", "yes");
    assertThat(v.bool("T")).isTrue();
    assertThat(v.bool("F")).isFalse();
    assertThat(v.bool("X")).isNull();
    assertThat(v.problems()).hasSize(1);
  }
}
