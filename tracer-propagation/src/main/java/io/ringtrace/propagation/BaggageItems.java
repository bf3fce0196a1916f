/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Extracted baggage that remembers the W3C Baggage properties of its items ({@code
 * key=value;prop1;prop2=x}). It is a plain unmodifiable {@code Map} of key to value for everyone
 * else; {@link W3CBaggagePropagator} writes the properties back out when it injects this very map
 * (the tracer hands an extracted context's baggage on to child spans unchanged). A map built
 * anew, e.g. after a span sets a baggage item, has no properties: OpenTracing baggage items have
 * no place for them.
 *
 * <p>Immutable, hence thread-safe.
 */
final class BaggageItems extends AbstractMap<String, String> {

  private final Map<String, String> values; // unmodifiable, insertion order
  private final Map<String, String> properties; // key -> ";p1;p2=v", only keys that have some

  BaggageItems(LinkedHashMap<String, String> values, Map<String, String> properties) {
    this.values = Collections.unmodifiableMap(values);
    this.properties = properties;
  }

  /** The properties of {@code key}'s item in {@code baggage}, as {@code ;p1;p2=v}, or null. */
  static String propertiesOf(Map<String, String> baggage, String key) {
    return baggage instanceof BaggageItems ? ((BaggageItems) baggage).properties.get(key) : null;
  }

  @Override
  public String get(Object key) {
    return values.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return values.containsKey(key);
  }

  @Override
  public int size() {
    return values.size();
  }

  @Override
  public boolean isEmpty() {
    return values.isEmpty();
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return values.entrySet();
  }
}
