/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.internal.ring;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs jcstress with the given arguments and exits with status 1 unless its summary says that
 * tests ran and none failed or ended in error. jcstress throws on a failed test by itself; this
 * also catches the runs a build would otherwise pass silently: no test selected, or every test
 * skipped because the machine has fewer CPUs than the tests have actors. Used by the {@code
 * jcstress} Maven profile.
 */
public final class RunStressTests {

  private RunStressTests() {}

  public static void main(String[] args) throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream console = System.out;
    System.setOut(new PrintStream(new Tee(console, captured), true, StandardCharsets.UTF_8));
    try {
      org.openjdk.jcstress.Main.main(args);
    } finally {
      System.out.flush();
      System.setOut(console);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    boolean ran =
        output.contains("RUN RESULTS:")
            && !(output.contains("Interesting tests: No matches.")
                && output.contains("All remaining tests: No matches."));
    boolean failed = !output.contains("Failed tests: No matches.");
    boolean errors = !output.contains("Error tests: No matches.");
    if (!ran || failed || errors) {
      console.println(
          "jcstress: "
              + (!ran ? "did not run" : failed ? "tests FAILED" : "tests ended in ERROR")
              + "; see the report above and under target/jcstress-results");
      System.exit(1);
    }
    console.println("jcstress: all tests passed");
    System.exit(0); // jcstress may leave non-daemon threads behind
  }

  /** Writes to the console and keeps a copy. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws java.io.IOException {
      a.flush();
      b.flush();
    }
  }
}
