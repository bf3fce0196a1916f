/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import static io.ringtrace.propagation.Contexts.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a hostile header costs, measured by what the parsers read (never by time): the parsers
 * work on a {@link CharSequence}, and {@link CountingChars} counts every character they read, at
 * every index.
 */
class HostileCostTest {

  static final int MIB = 1 << 20;
  static final int BUDGET = BaggageCollector.readBudget(W3CBaggagePropagator.DEFAULT_MAX_BYTES);
  /**
   * The most times the baggage parser reads one character: each of its scans (for the member's
   * comma, its semicolon, its equals sign, whitespace, the token and value checks, decoding and
   * the copy) stops at the end of the member, so this is a constant, whatever the input.
   */
  static final int MAX_READS_PER_CHARACTER = 8;

  /** A character sequence that counts the reads of each of its characters. */
  static final class CountingChars implements CharSequence {
    final String s;
    final int[] reads;

    CountingChars(String s) {
      this.s = s;
      this.reads = new int[s.length()];
    }

    @Override
    public int length() {
      return s.length();
    }

    @Override
    public char charAt(int index) {
      reads[index]++;
      return s.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      for (int i = start; i < end; i++) reads[i]++; // a copy reads every character
      return s.substring(start, end);
    }

    @Override
    public String toString() {
      return subSequence(0, s.length()).toString();
    }

    long total() {
      long n = 0;
      for (int r : reads) n += r;
      return n;
    }

    int max() {
      int m = 0;
      for (int r : reads) m = Math.max(m, r);
      return m;
    }

    /** The highest index read, or -1. */
    int lastRead() {
      for (int i = reads.length - 1; i >= 0; i--) {
        if (reads[i] != 0) return i;
      }
      return -1;
    }
  }

  /** One MiB of the given pattern, repeated. */
  static String mebibyteOf(String pattern) {
    StringBuilder sb = new StringBuilder(MIB + pattern.length());
    while (sb.length() < MIB) sb.append(pattern);
    sb.setLength(MIB);
    return sb.toString();
  }

  static Stream<String> hostileBaggage() {
    return Stream.of(
        mebibyteOf("k=v,"), // many valid members
        mebibyteOf("key" + repeat('k', 60) + "=" + repeat('v', 60) + ","), // past the byte limit
        mebibyteOf("a"), // one endless key, no '=', ',' or ';'
        mebibyteOf("k=" + repeat('v', 100)), // one endless value, no ',' or ';'
        mebibyteOf(","), // only empty members
        mebibyteOf(" "), // only whitespace
        mebibyteOf("k=v;p"), // endless properties, no ','
        mebibyteOf("k=%41"), // one endless value to decode
        mebibyteOf("k=v;p=%,")); // properties everywhere
  }

  static Map<String, String> parseBaggage(CharSequence header) {
    BaggageCollector collector =
        new BaggageCollector(
            W3CBaggagePropagator.DEFAULT_MAX_MEMBERS,
            W3CBaggagePropagator.DEFAULT_MAX_BYTES,
            W3CBaggagePropagator.VALUE_PASS_THROUGH);
    W3CBaggagePropagator.parse(header, collector);
    Map<String, String> items = collector.build();
    return items == null ? Map.of() : items;
  }

  @ParameterizedTest
  @MethodSource("hostileBaggage")
  void baggage_ofOneMebibyte_isReadNoFurtherThanTheBudget(String header) {
    CountingChars chars = new CountingChars(header);
    parseBaggage(chars);

    // The budget, and the one character after it that says whether the last member ended.
    assertThat(chars.lastRead()).isLessThanOrEqualTo(BUDGET);
  }

  @ParameterizedTest
  @MethodSource("hostileBaggage")
  void baggage_ofOneMebibyte_readsEachCharacterAFewTimesAtMost(String header) {
    CountingChars chars = new CountingChars(header);
    parseBaggage(chars);

    assertThat(chars.max()).isLessThanOrEqualTo(MAX_READS_PER_CHARACTER);
    assertThat(chars.total()).isLessThanOrEqualTo((long) MAX_READS_PER_CHARACTER * (BUDGET + 1));
  }

  @ParameterizedTest
  @MethodSource("hostileBaggage")
  void baggage_ofOneMebibyte_costsWhatItsFirstPartCosts(String header) {
    CountingChars whole = new CountingChars(header);
    CountingChars prefix = new CountingChars(header.substring(0, BUDGET + 1));

    Map<String, String> fromWhole = parseBaggage(whole);
    Map<String, String> fromPrefix = parseBaggage(prefix);

    assertThat(whole.total()).isEqualTo(prefix.total());
    assertThat(fromWhole).isEqualTo(fromPrefix);
  }

  @Test
  void baggage_ofOneMebibyteOfValidMembers_keepsTheLimitOfMembers() {
    assertThat(parseBaggage(mebibyteOf("k=v,"))).hasSize(1); // one key, repeated
    StringBuilder distinct = new StringBuilder();
    for (int i = 0; distinct.length() < MIB; i++) distinct.append('k').append(i).append("=v,");
    assertThat(parseBaggage(distinct)).hasSize(W3CBaggagePropagator.DEFAULT_MAX_MEMBERS);
  }

  @Test
  void baggage_severalHeaders_shareOneBudget() {
    BaggageCollector collector =
        new BaggageCollector(64, 8192, W3CBaggagePropagator.VALUE_PASS_THROUGH);
    CountingChars[] headers = new CountingChars[10];
    for (int i = 0; i < headers.length; i++) {
      headers[i] = new CountingChars(mebibyteOf("a"));
      W3CBaggagePropagator.parse(headers[i], collector);
    }
    long total = 0;
    for (CountingChars h : headers) total += h.total();

    assertThat(total).isLessThanOrEqualTo((long) MAX_READS_PER_CHARACTER * (BUDGET + 10));
    assertThat(headers[9].total()).isLessThanOrEqualTo(1); // the budget is spent: one peek
  }

  @Test
  void baggage_aValidMemberWithinTheBudget_isKeptAfterAHostileOne() {
    String header = "a=1," + repeat('x', 20_000) + ",b=2";
    assertThat(parseBaggage(header)).containsOnlyKeys("a", "b");
  }

  @Test
  void baggage_aMemberEndingPastTheBudget_isDroppedAndNothingAfterItRead() {
    String header = "a=1,b=" + repeat('v', BUDGET) + ",c=3";
    CountingChars chars = new CountingChars(header);

    assertThat(parseBaggage(chars)).containsOnlyKeys("a");
    assertThat(chars.lastRead()).isLessThanOrEqualTo(BUDGET);
  }

  @Test
  void tracestate_ofOneMebibyte_isRefusedUnread() {
    CountingChars chars = new CountingChars(mebibyteOf("a=1,"));

    assertThat(TraceState.parse(chars)).isNull();
    assertThat(chars.total()).isZero();
  }

  @Test
  void tracestate_atTheInputLimit_readsEachCharacterAFewTimesAtMost() {
    // 32 members whose 256-character keys differ only in their last character: the worst case of
    // the duplicate check, padded with whitespace to the input limit.
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < TraceState.MAX_MEMBERS; i++) {
      if (i > 0) sb.append(',');
      sb.append(repeat('k', 255)).append((char) ('a' + i % 26)).append(i / 26).append("=v");
    }
    while (sb.length() < TraceState.MAX_HEADER_LENGTH) sb.insert(0, ' ');
    CountingChars chars = new CountingChars(sb.toString());

    assertThat(TraceState.parse(chars)).isNull(); // 257-character keys: invalid
    String valid = sb.toString().replace(repeat('k', 255), repeat('k', 254));
    CountingChars validChars = new CountingChars(valid);
    assertThat(TraceState.parse(validChars)).isNotNull();

    // Each key is compared with each earlier key: the bound is the member limit, not the input.
    long perChar = validChars.total() / valid.length();
    assertThat(perChar).isLessThanOrEqualTo(TraceState.MAX_MEMBERS);
    assertThat(validChars.total()).isLessThanOrEqualTo(4L * TraceState.MAX_HEADER_LENGTH * 32);
  }

  @Test
  void singleValueHeaders_ofOneMebibyte_areRefusedEvenAroundAValidValue() {
    String pad = repeat(' ', MIB);
    String tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    assertThat(W3CTraceContextPropagator.parse(tp, null)).isNotNull();
    assertThat(W3CTraceContextPropagator.parse(pad + tp, null)).isNull();
    String b3 = "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1";
    assertThat(B3Propagator.parseSingle(b3)).isNotNull();
    assertThat(B3Propagator.parseSingle(b3 + pad)).isNull();
    assertThat(JaegerPropagator.parse("1:2:0:1", null)).isNotNull();
    assertThat(JaegerPropagator.parse(pad + "1:2:0:1", null)).isNull();
  }

  @Test
  void jaegerBaggage_manyHeaders_shareOneBudget() {
    TestCarrier carrier = TestCarrier.of("uber-trace-id", "1:2:0:1");
    String value = repeat('v', 4000);
    for (int i = 0; i < 1000; i++) carrier.add("uberctx-k" + i, i == 999 ? "last" : value);

    Map<String, String> baggage = Propagators.jaeger().extract(carrier).baggage();

    // Items come out of one read budget: the ones after it are not read, however small.
    assertThat(baggage).doesNotContainKey("k999");
    assertThat(baggage).containsKey("k0");
  }
}
