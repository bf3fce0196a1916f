/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import java.io.InputStream;
import java.util.Properties;

/** The library version, read once from a resource the build fills in. */
final class Version {

  static final String VERSION = read();

  private Version() {}

  private static String read() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) return "unknown";
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (Exception e) {
      return "unknown";
    }
  }
}
