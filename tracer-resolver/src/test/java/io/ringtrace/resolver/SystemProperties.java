/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.resolver;

import java.util.LinkedHashMap;
import java.util.Map;

/** Sets system properties for one test and puts back what they were. */
final class SystemProperties implements AutoCloseable {

  private final Map<String, String> previous = new LinkedHashMap<>();

  SystemProperties set(String name, String value) {
    if (!previous.containsKey(name)) previous.put(name, System.getProperty(name));
    System.setProperty(name, value);
    return this;
  }

  @Override
  public void close() {
    previous.forEach(
        (name, value) -> {
          if (value == null) {
            System.clearProperty(name);
          } else {
            System.setProperty(name, value);
          }
        });
    previous.clear();
  }
}
