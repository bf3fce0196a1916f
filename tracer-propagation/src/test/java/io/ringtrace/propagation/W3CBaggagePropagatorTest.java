/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import static io.ringtrace.propagation.Contexts.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per rule of W3C Baggage, section 3. */
class W3CBaggagePropagatorTest {

  final W3CBaggagePropagator propagator = W3CBaggagePropagator.getInstance();

  Map<String, String> extract(String... headers) {
    return propagator.extractBaggage(TestCarrier.of(headers));
  }

  String inject(Map<String, String> baggage) {
    return inject(propagator, baggage);
  }

  static String inject(W3CBaggagePropagator p, Map<String, String> baggage) {
    TestCarrier carrier = new TestCarrier();
    ExtractedContext ctx = ExtractedContext.create(1, 2, 3, 0, 1, null, baggage);
    p.inject(ctx, carrier, TestCarrier.SETTER);
    return carrier.get("baggage");
  }

  static Map<String, String> map(String... keysAndValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) m.put(keysAndValues[i], keysAndValues[i + 1]);
    return Collections.unmodifiableMap(m);
  }

  @Test
  void listMembers_areKeyValuePairs() {
    assertThat(extract("baggage", "userId=alice,serverNode=DF%2028,isProduction=false"))
        .containsExactly(
            entry("userId", "alice"), entry("serverNode", "DF 28"), entry("isProduction", "false"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Baggage", "BAGGAGE"})
  void headerName_isMatchedInAnyCase(String name) {
    assertThat(extract(name, "k=v")).containsExactly(entry("k", "v"));
  }

  @Test
  void severalHeaders_areOneList() {
    assertThat(extract("baggage", "userId=alice", "baggage", "serverNode=DF%2028,isProduction=false"))
        .containsOnlyKeys("userId", "serverNode", "isProduction");
  }

  @Test
  void ows_aroundKeysValuesAndMembers_isTrimmed() {
    assertThat(extract("baggage", " userId =   alice , \tserverNode = DF%2028\t"))
        .containsExactly(entry("userId", "alice"), entry("serverNode", "DF 28"));
  }

  @Test
  void key_isAnRfc7230Token() {
    assertThat(extract("baggage", "!#$%&'*+-.^_`|~09azAZ=v")).containsOnlyKeys("!#$%&'*+-.^_`|~09azAZ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b=v", "(k)=v", "k:x=v", "\"k\"=v", "=v", "k\u00e9=v", "k/x=v"})
  void key_notAToken_skipsTheMember(String member) {
    assertThat(extract("baggage", member + ",ok=1")).containsExactly(entry("ok", "1"));
  }

  @Test
  void value_mayBeEmpty() {
    assertThat(extract("baggage", "k=")).containsExactly(entry("k", ""));
  }

  @Test
  void value_mayContainEqualsSigns() {
    assertThat(extract("baggage", "k=a=b==")).containsExactly(entry("k", "a=b=="));
  }

  @ParameterizedTest
  @ValueSource(strings = {"k=a b", "k=a\"b", "k=a\\b", "k=a\tb", "k=\u00e9", "k=a\u0000"})
  void value_withACharacterOutsideBaggageOctet_skipsTheMember(String member) {
    assertThat(extract("baggage", member + ",ok=1")).containsExactly(entry("ok", "1"));
  }

  @Test
  void member_withoutEqualsSign_isSkipped() {
    assertThat(extract("baggage", "novalue,ok=1")).containsExactly(entry("ok", "1"));
  }

  @Test
  void value_isPercentDecodedAsUtf8() {
    assertThat(extract("baggage", "k=%E2%9C%93%20ok%2C%3B%25")).containsExactly(entry("k", "\u2713 ok,;%"));
  }

  @Test
  void value_plusIsNotASpace() {
    assertThat(extract("baggage", "k=a+b")).containsExactly(entry("k", "a+b"));
  }

  @Test
  void value_percentWithoutTwoHexDigits_staysAsItIs() {
    assertThat(extract("baggage", "k=100%,j=%4,i=%zz")).containsExactly(
        entry("k", "100%"), entry("j", "%4"), entry("i", "%zz"));
  }

  @Test
  void value_invalidUtf8_becomesTheReplacementCharacter() {
    assertThat(extract("baggage", "k=%FF%C3")).containsExactly(entry("k", "\ufffd\ufffd"));
  }

  @Test
  void properties_areParsedAndTheItemKept() {
    assertThat(extract("baggage", "key1=value1;property1;property2, key3=value3; propertyKey=propertyValue"))
        .containsExactly(entry("key1", "value1"), entry("key3", "value3"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"k=v;", "k=v;;p", "k=v;p q", "k=v;p=a b", "k=v;=x", "k;p=v"})
  void properties_malformed_skipTheMember(String member) {
    assertThat(extract("baggage", member + ",ok=1")).containsExactly(entry("ok", "1"));
  }

  @Test
  void properties_arePropagatedWithTheirItem() {
    Map<String, String> baggage =
        extract("baggage", "key1=value1;property1; property2 = x ,key2=value2");

    assertThat(inject(baggage)).isEqualTo("key1=value1;property1;property2=x,key2=value2");
  }

  @Test
  void duplicateKeys_theLastValueWins() {
    assertThat(extract("baggage", "k=1,j=2,k=3")).containsExactly(entry("k", "3"), entry("j", "2"));
  }

  @Test
  void emptyMembers_areIgnored() {
    assertThat(extract("baggage", ",, k=v ,")).containsExactly(entry("k", "v"));
  }

  @Test
  void malformedMembers_doNotLoseTheValidOnes() {
    assertThat(extract("baggage", "a=1,b c=2,d=\"x\",e=5;,f=6")).containsExactly(
        entry("a", "1"), entry("f", "6"));
  }

  @Test
  void limits_default_atLeast64MembersAreRead() {
    StringBuilder header = new StringBuilder();
    for (int i = 0; i < 64; i++) header.append(i == 0 ? "" : ",").append("k").append(i).append("=v");

    assertThat(extract("baggage", header.toString())).hasSize(64);
  }

  @Test
  void limits_default_atLeast8192BytesAreRead() {
    String value = repeat('v', 8192 - 2);

    assertThat(extract("baggage", "k=" + value)).containsExactly(entry("k", value));
  }

  @Test
  void limits_beyondTheMemberLimit_wholeMembersAreDropped() {
    W3CBaggagePropagator small = W3CBaggagePropagator.builder().maxMembers(2).build();

    Map<String, String> read = small.extractBaggage(TestCarrier.of("baggage", "a=1,b=2,c=3"));

    assertThat(read).containsExactly(entry("a", "1"), entry("b", "2"));
  }

  @Test
  void limits_beyondTheByteLimit_aMemberIsDroppedNeverCut() {
    W3CBaggagePropagator small = W3CBaggagePropagator.builder().maxBytes(10).build();

    Map<String, String> read =
        small.extractBaggage(TestCarrier.of("baggage", "a=1,b=" + repeat('x', 10) + ",c=3"));

    assertThat(read).containsExactly(entry("a", "1"), entry("c", "3")); // 3 + 1 + 3 = 7 bytes
  }

  @Test
  void limits_onInjection_wholeMembersAreDropped() {
    W3CBaggagePropagator small = W3CBaggagePropagator.builder().maxMembers(2).maxBytes(12).build();

    assertThat(inject(small, map("a", "1", "b", repeat('x', 20), "c", "3", "d", "4")))
        .isEqualTo("a=1,c=3");
  }

  @Test
  void limits_mustBePositive() {
    assertThatThrownBy(() -> W3CBaggagePropagator.builder().maxMembers(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxMembers")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> W3CBaggagePropagator.builder().maxBytes(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBytes");
  }

  @Test
  void limits_defaultsAreTheSpecMinimum() {
    assertThat(propagator.maxMembers()).isEqualTo(64);
    assertThat(propagator.maxBytes()).isEqualTo(8192);
    assertThat(W3CBaggagePropagator.builder().build()).isSameAs(propagator);
  }

  @Test
  void inject_percentEncodesWhatBaggageOctetExcludes() {
    assertThat(inject(map("k", "a b,c;d\\e\"f%g+h\u00e9\u2713")))
        .isEqualTo("k=a%20b%2Cc%3Bd%5Ce%22f%25g%2Bh%C3%A9%E2%9C%93");
  }

  @Test
  void inject_leavesBaggageOctetsAsTheyAre() {
    assertThat(inject(map("k", "abc=XYZ/09!#$&'()*-.:<>?@[]^_`{|}~")))
        .isEqualTo("k=abc=XYZ/09!#$&'()*-.:<>?@[]^_`{|}~");
  }

  @Test
  void inject_neverWritesCrLfOrControlCharacters() {
    String header = inject(map("k", "line1\r\nInjected: yes\u0000\u007f"));

    assertThat(header).isEqualTo("k=line1%0D%0AInjected:%20yes%00%7F");
    assertThat(header.chars()).allMatch(c -> c > 0x20 && c < 0x7f);
  }

  @Test
  void inject_unpairedSurrogate_isWrittenAsTheReplacementCharacter() {
    assertThat(inject(map("k", "a\ud800b"))).isEqualTo("k=a%EF%BF%BDb");
  }

  @Test
  void inject_keyNotAToken_dropsTheItem() {
    assertThat(inject(map("bad key", "1", "ok", "2", "k\r\n", "3"))).isEqualTo("ok=2");
  }

  @Test
  void inject_noBaggage_writesNoHeader() {
    assertThat(inject(map())).isNull();
  }

  @Test
  void roundTrip_anyValueComesBackUnchanged() {
    String value = "\u00e9t\u00e9 \u2713 100% a+b=c, \"quoted\"; \\ \ud83d\ude00";

    assertThat(extract("baggage", inject(map("k", value)))).containsExactly(entry("k", value));
  }

  @Test
  void extract_alone_givesABaggageOnlyContext() {
    ExtractedContext ctx = propagator.extract(TestCarrier.of("baggage", "k=v"));

    assertThat(ctx.isBaggageOnly()).isTrue();
    assertThat(ctx.baggage()).containsExactly(entry("k", "v"));
    assertThat(propagator.extract(TestCarrier.of("baggage", ",,"))).isNull();
  }

  @Test
  void extract_noHeader_givesAnEmptyMap() {
    assertThat(extract("other", "k=v")).isEmpty();
    assertThat(propagator.extractBaggage(null)).isEmpty();
  }

  @Test
  void extract_resultIsUnmodifiable() {
    Map<String, String> read = extract("baggage", "k=v;p");

    assertThatThrownBy(() -> read.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> read.entrySet().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
