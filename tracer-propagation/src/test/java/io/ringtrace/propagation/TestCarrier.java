/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** An ordered list of header entries, repeats allowed, keys kept as given: what HTTP sends. */
final class TestCarrier implements Iterable<Map.Entry<String, String>> {

  static final Propagator.Setter<TestCarrier> SETTER = TestCarrier::add;

  private final List<Map.Entry<String, String>> entries = new ArrayList<>();

  /** A carrier of the key/value pairs given. */
  static TestCarrier of(String... keysAndValues) {
    TestCarrier c = new TestCarrier();
    for (int i = 0; i < keysAndValues.length; i += 2) c.add(keysAndValues[i], keysAndValues[i + 1]);
    return c;
  }

  TestCarrier add(String key, String value) {
    entries.add(new SimpleImmutableEntry<>(key, value));
    return this;
  }

  /** The single value of {@code name} (any case), or {@code null}; fails on repeats. */
  String get(String name) {
    List<String> values = values(name);
    if (values.size() > 1) throw new AssertionError(name + " written " + values.size() + " times");
    return values.isEmpty() ? null : values.get(0);
  }

  List<String> values(String name) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : entries) {
      if (e.getKey().equalsIgnoreCase(name)) out.add(e.getValue());
    }
    return out;
  }

  List<String> keys() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : entries) out.add(e.getKey());
    return out;
  }

  int size() {
    return entries.size();
  }

  @Override
  public Iterator<Map.Entry<String, String>> iterator() {
    return entries.iterator();
  }

  @Override
  public String toString() {
    return entries.toString();
  }
}
