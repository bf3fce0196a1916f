/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import static io.ringtrace.propagation.Contexts.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per rule of the {@code tracestate} header (W3C Trace Context, section 3.3). */
class TraceStateTest {

  static final String LCALPHA = "abcdefghijklmnopqrstuvwxyz";
  static final String KEY_CHARS = LCALPHA + "0123456789_-*/";

  static String allValueChars() {
    StringBuilder sb = new StringBuilder();
    for (char c = 0x20; c <= 0x7e; c++) {
      if (c != ',' && c != '=') sb.append(c);
    }
    return sb.toString();
  }

  static String members(int n) {
    StringJoiner j = new StringJoiner(",");
    for (int i = 1; i <= n; i++) j.add(String.format("bar%02d=%02d", i, i));
    return j.toString();
  }

  @Test
  void key_ofAllAllowedCharacters_isValid() {
    assertThat(TraceState.parse(KEY_CHARS + "=1")).isEqualTo(KEY_CHARS + "=1");
  }

  @Test
  void key_mayBeginWithALowerCaseLetterOrADigit() {
    assertThat(TraceState.isValidKey("a1")).isTrue();
    assertThat(TraceState.isValidKey("1a")).isTrue();
    assertThat(TraceState.isValidKey("0")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"_a", "-a", "*a", "/a", "@a", "Aa"})
  void key_mayNotBeginWithAnythingElse(String key) {
    assertThat(TraceState.isValidKey(key)).isFalse();
    assertThat(TraceState.parse(key + "=1")).isNull();
  }

  @Test
  void key_of255And256Characters_isValidAndPropagated() {
    for (int length : new int[] {255, 256}) {
      String member = repeat('z', length) + "=1";
      assertThat(TraceState.isValidKey(repeat('z', length))).as("%d", length).isTrue();
      assertThat(TraceState.parse(member)).as("%d", length).isEqualTo(member);
    }
  }

  @Test
  void key_of257Characters_discardsTheWholeHeader() {
    assertThat(TraceState.isValidKey(repeat('z', 257))).isFalse();
    assertThat(TraceState.parse("a=1," + repeat('z', 257) + "=1")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"FOO", "foo.bar", "foo bar", "foo=", "fo\u00e9", "", "foo:bar"})
  void key_withOtherCharacters_isInvalid(String key) {
    assertThat(TraceState.isValidKey(key)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"foo@", "foo@@bar", "foo@bar@baz", "t@1system", "a@", "0@0"})
  void key_atSignAnywhereAfterTheFirstCharacter_isValid(String key) {
    assertThat(TraceState.isValidKey(key)).isTrue();
    assertThat(TraceState.parse("a=1," + key + "=2")).isEqualTo("a=1," + key + "=2");
  }

  @Test
  void key_atSignFirst_discardsTheWholeHeader() {
    assertThat(TraceState.isValidKey("@foo")).isFalse();
    assertThat(TraceState.parse("a=1,@foo=2")).isNull();
  }

  @Test
  void key_multiTenantOfLevel1_241CharacterTenantAnd14CharacterSystem_isValid() {
    String key = repeat('t', 241) + "@" + repeat('s', 14);
    assertThat(key).hasSize(256);
    assertThat(TraceState.parse(key + "=1")).isEqualTo(key + "=1");
  }

  @Test
  void key_withAtSignsOf257Characters_isInvalid() {
    assertThat(TraceState.isValidKey(repeat('t', 242) + "@" + repeat('s', 14))).isFalse();
    assertThat(TraceState.isValidKey(repeat('t', 255) + "@")).isTrue();
    assertThat(TraceState.isValidKey(repeat('t', 256) + "@")).isFalse();
  }

  @Test
  void value_ofAllPrintableAsciiButCommaAndEquals_isValid() {
    String value = allValueChars();
    assertThat(TraceState.parse("foo=" + value)).isEqualTo("foo=" + value);
  }

  @Test
  void value_ofUpTo256Characters_isValid() {
    assertThat(TraceState.isValidValue(repeat('v', 256))).isTrue();
    assertThat(TraceState.isValidValue(repeat('v', 257))).isFalse();
  }

  @Test
  void value_empty_isInvalid() {
    assertThat(TraceState.parse("foo=,bar=3")).isNull();
  }

  @Test
  void value_withAnEqualsSign_isInvalid() {
    assertThat(TraceState.parse("foo=bar=baz")).isNull();
  }

  @Test
  void value_mustNotEndWithASpace() {
    assertThat(TraceState.isValidValue("a ")).isFalse();
    assertThat(TraceState.isValidValue(" a")).isTrue();
  }

  @Test
  void value_leadingSpaces_arePartOfTheValue() {
    assertThat(TraceState.get("foo=  1", "foo")).isEqualTo("  1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\tb", "a\nb", "a\rb", "a\u007fb", "a\u00e9b", "a\u0000b"})
  void value_withControlOrNonAsciiCharacters_isInvalid(String value) {
    assertThat(TraceState.isValidValue(value)).isFalse();
    assertThat(TraceState.parse("foo=" + value)).isNull();
  }

  @Test
  void list_ofUpTo32Members_isValid() {
    assertThat(TraceState.parse(members(32))).isEqualTo(members(32));
  }

  @Test
  void list_ofMoreThan32Members_isDiscarded() {
    assertThat(TraceState.parse(members(33))).isNull();
  }

  @Test
  void list_duplicateKeys_keepTheFirstMember() {
    assertThat(TraceState.parse("foo=1,foo=1")).isEqualTo("foo=1");
    assertThat(TraceState.parse("foo=1,bar=2,foo=2")).isEqualTo("foo=1,bar=2");
    assertThat(TraceState.parse("foo=1, bar=2 ,foo=2,baz=3,bar=4")).isEqualTo("foo=1,bar=2,baz=3");
  }

  @Test
  void list_duplicateKeys_doNotCountTowardsTheMemberLimit() {
    String header = members(32) + ",bar01=again";
    assertThat(TraceState.parse(header)).isEqualTo(members(32));
  }

  @Test
  void list_duplicateKeyOfAnInvalidValue_stillDiscardsTheWholeHeader() {
    assertThat(TraceState.parse("foo=1,foo=b=d")).isNull();
  }

  @Test
  void list_emptyAndWhitespaceOnlyMembers_areAllowedAndDropped() {
    assertThat(TraceState.parse(",foo=1,, \t ,bar=2,")).isEqualTo("foo=1,bar=2");
  }

  @Test
  void list_spacesAndTabsAroundMembers_areIgnored() {
    assertThat(TraceState.parse("foo=1 \t , \t bar=2, \t baz=3")).isEqualTo("foo=1,bar=2,baz=3");
    assertThat(TraceState.parse("\t foo=1 \t")).isEqualTo("foo=1");
  }

  @Test
  void list_anInvalidMember_discardsTheWholeHeader() {
    assertThat(TraceState.parse("@foo=1,bar=2")).isNull();
    assertThat(TraceState.parse("bar=2,foo =1")).isNull();
    assertThat(TraceState.parse("bar=2,novalue")).isNull();
  }

  @Test
  void list_onlyWhitespace_isNoTracestate() {
    assertThat(TraceState.parse(" \t ")).isNull();
    assertThat(TraceState.parse("")).isNull();
    assertThat(TraceState.parse(null)).isNull();
  }

  @Test
  void parse_ofANormalisedList_returnsTheSameInstance() {
    String header = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE";
    assertThat(TraceState.parse(header)).isSameAs(header);
  }

  @Test
  void parse_ofAHeaderBeyondTheInputLimit_discardsIt() {
    String huge = "a=1," + repeat(' ', TraceState.MAX_HEADER_LENGTH);
    assertThat(TraceState.parse(huge)).isNull();
  }

  @Test
  void limit_upTo512Characters_arePropagatedWhole() {
    // 4 members of 127 characters plus 3 commas: 511
    String m = "k%d=" + repeat('v', 124);
    String header =
        String.format(m, 1) + "," + String.format(m, 2) + "," + String.format(m, 3) + ","
            + String.format(m, 4);
    assertThat(header).hasSize(511);
    assertThat(TraceState.parse(header)).isSameAs(header);
  }

  @Test
  void limit_beyond512Characters_membersOver128AreRemovedFirst_fromTheEnd() {
    String big = "big=" + repeat('b', 200); // 204 characters
    String header = "a=1," + big + "," + members(20) + ",c=" + repeat('c', 150);
    assertThat(header.length()).isGreaterThan(TraceState.MAX_LENGTH);

    String parsed = TraceState.parse(header);

    assertThat(parsed).isEqualTo("a=1," + big + "," + members(20));
  }

  @Test
  void limit_beyond512Characters_everyMemberOver128GoesBeforeAnySmallOne() {
    StringJoiner small = new StringJoiner(",");
    for (int i = 1; i <= 28; i++) small.add(String.format("bar%02d=%s", i, repeat('s', 7)));
    String header = "big=" + repeat('b', 200) + "," + small + ",c=" + repeat('c', 148);
    assertThat(header.length()).isGreaterThan(TraceState.MAX_LENGTH);

    assertThat(TraceState.parse(header)).isEqualTo(small.toString());
  }

  @Test
  void limit_beyond512Characters_thenMembersAreRemovedFromTheEnd() {
    String padded = members(32).replace("=", "=" + repeat('p', 8)); // 32 members of 16 characters
    assertThat(padded.length()).isGreaterThan(TraceState.MAX_LENGTH);

    String parsed = TraceState.parse(padded);

    assertThat(parsed).startsWith("bar01=").endsWith("bar30=pppppppp30");
    assertThat(padded).startsWith(parsed + ","); // whole members, in order
  }

  @Test
  void limit_aSingleMemberLongerThan512_leavesNothing() {
    String member = repeat('k', 256) + "=" + repeat('v', 256);
    assertThat(TraceState.parse(member)).isNull();
  }

  @Test
  void put_newKey_isAddedToTheFront() {
    assertThat(TraceState.put("rojo=00f067aa0ba902b7", "congo", "t61rcWkgMzE"))
        .isEqualTo("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
  }

  @Test
  void put_existingKey_isMovedToTheFrontWithItsNewValue() {
    assertThat(TraceState.put("congo=first,rojo=00f067aa0ba902b7", "congo", "second"))
        .isEqualTo("congo=second,rojo=00f067aa0ba902b7");
    assertThat(TraceState.put("rojo=1,congo=first,x=2", "congo", "second"))
        .isEqualTo("congo=second,rojo=1,x=2");
  }

  @Test
  void put_onto32Members_dropsTheLast() {
    String put = TraceState.put(members(32), "ours", "1");

    assertThat(put).startsWith("ours=1,bar01=01").endsWith("bar31=31");
  }

  @Test
  void put_beyond512Characters_keepsOurEntryAndTruncatesTheRest() {
    String padded = members(32).replace("=", "=" + repeat('p', 8));
    String put = TraceState.put(padded, "ours", repeat('o', 100));

    assertThat(put).startsWith("ours=");
    assertThat(put.length()).isLessThanOrEqualTo(TraceState.MAX_LENGTH);
    assertThat(TraceState.parse(put)).isSameAs(put);
  }

  @Test
  void put_invalidKeyOrValue_leavesTheStateUnchanged() {
    assertThat(TraceState.put("a=1", "Bad", "1")).isEqualTo("a=1");
    assertThat(TraceState.put("a=1", "ok", "bad,value")).isEqualTo("a=1");
    assertThat(TraceState.put("a=1", null, "1")).isEqualTo("a=1");
  }

  @Test
  void put_ontoNothing_startsAList() {
    assertThat(TraceState.put(null, "ours", "1")).isEqualTo("ours=1");
  }

  @Test
  void get_findsTheValueOfAKey() {
    assertThat(TraceState.get("a=1,b=2", "b")).isEqualTo("2");
    assertThat(TraceState.get("a=1,ab=2", "b")).isNull();
    assertThat(TraceState.get(null, "b")).isNull();
  }
}
