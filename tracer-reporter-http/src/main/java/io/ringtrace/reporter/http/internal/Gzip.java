/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.internal;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses request bodies into gzip (RFC 1952) with one {@link Deflater} and one output buffer,
 * both reused; {@code GZIPOutputStream} would make a new native deflater per body. Internal, not
 * for public use.
 *
 * <p>Compresses at {@link Deflater#BEST_SPEED}: on span batches it is faster than the default
 * level for bodies about a tenth larger (see the encoding benchmark), and the exporter thread's
 * CPU is taken from the application.
 *
 * <p>Not thread-safe: owned by one exporter thread. {@link #end()} frees the native memory; after
 * it the instance must not be used.
 */
public final class Gzip {

  private static final int HEADER_SIZE = 10;
  private static final int TRAILER_SIZE = 8;
  private static final byte[] NO_INPUT = {};

  private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true); // raw
  private final CRC32 crc = new CRC32();
  private byte[] buffer = new byte[8192];
  private int length;

  public Gzip() {}

  /** Compresses {@code length} bytes of {@code input}; the result is in {@link #array()}. */
  public void compress(byte[] input, int inputLength) {
    deflater.reset();
    crc.reset();
    crc.update(input, 0, inputLength);
    deflater.setInput(input, 0, inputLength);
    deflater.finish();
    byte[] out = buffer;
    // Header: magic, CM=deflate, no flags, no mtime, no extra flags, OS unknown.
    out[0] = (byte) 0x1f;
    out[1] = (byte) 0x8b;
    out[2] = 8;
    Arrays.fill(out, 3, 9, (byte) 0);
    out[9] = (byte) 0xff;
    int pos = HEADER_SIZE;
    while (true) {
      pos += deflater.deflate(out, pos, out.length - TRAILER_SIZE - pos);
      if (deflater.finished()) break;
      if (out.length - TRAILER_SIZE - pos < 64) out = buffer = Arrays.copyOf(out, out.length * 2);
    }
    writeIntLe(out, pos, (int) crc.getValue());
    writeIntLe(out, pos + 4, inputLength);
    length = pos + TRAILER_SIZE;
    deflater.setInput(NO_INPUT); // let go of the input
  }

  /** The compressed body: {@link #length()} bytes from index 0. */
  public byte[] array() {
    return buffer;
  }

  public int length() {
    return length;
  }

  /** Frees the deflater's native memory. */
  public void end() {
    deflater.end();
  }

  private static void writeIntLe(byte[] out, int pos, int v) {
    out[pos] = (byte) v;
    out[pos + 1] = (byte) (v >>> 8);
    out[pos + 2] = (byte) (v >>> 16);
    out[pos + 3] = (byte) (v >>> 24);
  }
}
