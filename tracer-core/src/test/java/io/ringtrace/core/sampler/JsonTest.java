/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  private static final String STRATEGY =
      "{\"strategyType\":\"PROBABILISTIC\",\"probabilisticSampling\":{\"samplingRate\":0.5},"
          + "\"operationSampling\":{\"defaultSamplingProbability\":1e-3,"
          + "\"defaultLowerBoundTracesPerSecond\":0.0166,\"perOperationStrategies\":["
          + "{\"operation\":\"GET /h\\u00e9llo\\n\",\"probabilisticSampling\":{\"samplingRate\":-0.0}},"
          + "{\"operation\":\"x\",\"probabilisticSampling\":null,\"flag\":true,\"off\":false}]}}";

  @Test
  void parse_objectsKeepTheirOrderAndTypes() throws Exception {
    Object value = Json.parse(" {\"b\": 1, \"a\": [true, false, null, \"s\", -2.5e1, {}, []]}\n");
    assertThat(value).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) value;
    assertThat(map.keySet()).containsExactly("b", "a");
    assertThat(map.get("b")).isEqualTo(1.0);
    assertThat((List<?>) map.get("a"))
        .isEqualTo(List.of(true, false, Json.NULL, "s", -25.0, Map.of(), List.of()));
  }

  @Test
  void parse_stringEscapes_areDecoded() throws Exception {
    assertThat(Json.parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9\\u20AC \\ud83d\\ude00\""))
        .isEqualTo("q\" b\\ s/ \b\f\n\r\t \u00e9\u20ac \ud83d\ude00");
  }

  @Test
  void parse_numbers_followTheGrammar() throws Exception {
    assertThat(Json.parse("0")).isEqualTo(0.0);
    assertThat(Json.parse("-0")).isEqualTo(-0.0);
    assertThat(Json.parse("10")).isEqualTo(10.0);
    assertThat(Json.parse("0.001")).isEqualTo(0.001);
    assertThat(Json.parse("1E+2")).isEqualTo(100.0);
    assertThat(Json.parse("1e-2")).isEqualTo(0.01);
    assertThat(Json.parse("1e999")).isEqualTo(Double.POSITIVE_INFINITY); // valid JSON, not finite
  }

  @Test
  void parse_aRealisticStrategy_givesItsValues() throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) Json.parse(STRATEGY);
    assertThat(map).containsEntry("strategyType", "PROBABILISTIC");
    @SuppressWarnings("unchecked")
    Map<String, Object> ops = (Map<String, Object>) map.get("operationSampling");
    assertThat(ops).contains(entry("defaultSamplingProbability", 0.001));
    assertThat((List<?>) ops.get("perOperationStrategies")).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "{",
        "}",
        "[",
        "]",
        "[1,]",
        "[,1]",
        "[1 2]",
        "{,}",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{\"a\":1 \"b\":2}",
        "{\"a\"}",
        "{\"a\":}",
        "{a:1}",
        "{'a':1}",
        "{\"a\":1,\"a\":2}",
        "{\"a\":1}x",
        "{\"a\":1}{}",
        "1 2",
        "01",
        "-01",
        "1.",
        ".5",
        "+1",
        "-",
        "--1",
        "1e",
        "1e+",
        "0x10",
        "NaN",
        "Infinity",
        "-Infinity",
        "tru",
        "truex",
        "nul",
        "True",
        "undefined",
        "\"abc",
        "\"\\x\"",
        "\"\\u12G4\"",
        "\"\\u00\"",
        "\"\\",
        "\"tab\there\"",
        "\"new\nline\"",
        "\ufeff{}",
        "// comment\n{}",
        "/* c */ {}",
        "{\"a\":undefined}",
        "\u00a0{}",
        "[[[]]",
        "[]]",
      })
  void parse_malformedInput_isRefused(String input) {
    assertThatThrownBy(() -> Json.parse(input)).isInstanceOf(Json.JsonException.class);
  }

  @Test
  void parse_everyTruncationOfAValidDocument_isRefused() {
    for (int end = 0; end < STRATEGY.length(); end++) {
      String prefix = STRATEGY.substring(0, end);
      assertThatThrownBy(() -> Json.parse(prefix))
          .as("prefix of length %d", end)
          .isInstanceOf(Json.JsonException.class);
    }
  }

  @Test
  void parse_nestingAtTheLimit_isAccepted() throws Exception {
    String nested = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
    assertThat(Json.parse(nested)).isInstanceOf(List.class);
  }

  @Test
  void parse_nestingBeyondTheLimit_isRefusedWithoutStackOverflow() {
    String deeper = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
    assertThatThrownBy(() -> Json.parse(deeper)).hasMessageContaining("nesting");
    String objects = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
    assertThatThrownBy(() -> Json.parse(objects)).hasMessageContaining("nesting");
  }

  @Test
  void parse_inputLongerThanTheLimit_isRefusedBeforeParsing() {
    char[] spaces = new char[Json.MAX_LENGTH + 1];
    Arrays.fill(spaces, ' ');
    spaces[0] = '1';
    assertThatThrownBy(() -> Json.parse(new String(spaces))).hasMessageContaining("too long");
  }

  @Test
  void parse_hugeStringWithinTheLimit_isAccepted() throws Exception {
    String big = "\"" + "y".repeat(Json.MAX_LENGTH - 2) + "\"";
    assertThat((String) Json.parse(big)).hasSize(Json.MAX_LENGTH - 2);
  }

  @Test
  void parse_moreValuesThanTheLimit_isRefused() {
    String many = "[" + "0,".repeat(Json.MAX_VALUES) + "0]";
    assertThatThrownBy(() -> Json.parse(many)).hasMessageContaining("too many values");
  }

  @Test
  void parse_numberLongerThanTheLimit_isRefused() {
    String digits = "1".repeat(Json.MAX_NUMBER_LENGTH + 1);
    assertThatThrownBy(() -> Json.parse(digits)).hasMessageContaining("number too long");
  }

  @Test
  void parse_null_isRefused() {
    assertThatThrownBy(() -> Json.parse(null)).isInstanceOf(Json.JsonException.class);
  }

  @Test
  void parse_randomMutationsOfAValidDocument_answerOrRefuseButNeverThrowAnythingElse() {
    SplittableRandom random = new SplittableRandom(42);
    String alphabet = "{}[]:,\"\\/ \t\n-+.eE0123456789truefalsnul\u0000\u00e9\ud83d";
    int refused = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder(STRATEGY);
      int edits = 1 + random.nextInt(4);
      for (int e = 0; e < edits && b.length() > 0; e++) {
        int at = random.nextInt(b.length());
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0:
            b.setCharAt(at, c);
            break;
          case 1:
            b.insert(at, c);
            break;
          default:
            b.deleteCharAt(at);
        }
      }
      try {
        Json.parse(b.toString());
      } catch (Json.JsonException expected) {
        refused++;
      }
    }
    assertThat(refused).isGreaterThan(10_000); // most mutations break the document
  }

  @Test
  void parse_randomNoise_isRefusedOrParsedNeverThrowingAnythingElse() {
    SplittableRandom random = new SplittableRandom(4242);
    for (int i = 0; i < 20_000; i++) {
      char[] noise = new char[random.nextInt(64)];
      for (int j = 0; j < noise.length; j++) noise[j] = "{}[]\":,0-1e.tfn\\u ".charAt(random.nextInt(18));
      try {
        Json.parse(new String(noise));
      } catch (Json.JsonException expected) {
        // refused: fine
      }
    }
  }
}
