/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8CacheTest {

  private final Utf8Cache cache = new Utf8Cache();

  @Test
  void firstSighting_isNotCached_secondIs() {
    String key = "http.method";

    assertThat(cache.get(key)).isNull();
    assertThat(cache.get(key)).containsExactly(key.getBytes(StandardCharsets.UTF_8));
    assertThat(cache.get(key)).containsExactly(key.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anEqualStringOfAnotherIdentity_hitsTheSameEntry() {
    String first = new String("GET".toCharArray());
    String second = new String("GET".toCharArray());

    cache.get(first);
    byte[] cached = cache.get(first);

    assertThat(cache.get(second)).isSameAs(cached);
  }

  @Test
  void stringsLongerThanTheLimit_areNeverCached() {
    char[] chars = new char[Utf8Cache.MAX_CHARS + 1];
    Arrays.fill(chars, 'x');
    String longValue = new String(chars);

    cache.get(longValue);

    assertThat(cache.get(longValue)).isNull();
  }

  @Test
  void aValueNewEveryTime_neverDisplacesACachedOne() {
    String hot = "span.kind";
    cache.get(hot);
    byte[] cached = cache.get(hot);

    for (int i = 0; i < 10_000; i++) cache.get("request-" + i);

    assertThat(cache.get(hot)).isSameAs(cached);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ascii", "grüße", "日本語", "emoji \uD83D\uDE00", "lone \uD800 high", "lone \uDC00 low"})
  void sizeAndBytes_equalProtobufsOwn_cachedOrNot(String s) throws Exception {
    int expectedSize = CodedOutputStream.computeStringSizeNoTag(s);
    byte[] expected = new byte[expectedSize];
    CodedOutputStream.newInstance(expected).writeStringNoTag(s);

    for (int sighting = 1; sighting <= 3; sighting++) {
      assertThat(cache.stringSizeNoTag(s)).as("size, sighting %d", sighting).isEqualTo(expectedSize);
      byte[] written = new byte[expectedSize];
      CodedOutputStream out = CodedOutputStream.newInstance(written);
      cache.writeStringNoTag(out, s);
      out.checkNoSpaceLeft();
      assertThat(written).as("bytes, sighting %d", sighting).isEqualTo(expected);
    }
  }
}
