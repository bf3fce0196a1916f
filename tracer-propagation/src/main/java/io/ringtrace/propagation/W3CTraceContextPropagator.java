/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import io.ringtrace.propagation.internal.Hex;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * W3C Trace Context: the {@code traceparent} and {@code tracestate} headers.
 *
 * <p>{@code traceparent} is {@code version-traceid-parentid-flags}, e.g. {@code
 * 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}: lower-case hex only, exact lengths,
 * all-zero ids invalid. A later version may append fields after the flags, separated by a dash;
 * version {@code ff} is invalid. When {@code traceparent} is invalid, {@code tracestate} is
 * ignored.
 */
public final class W3CTraceContextPropagator implements Propagator {

  static final String TRACEPARENT = "traceparent";
  static final String TRACESTATE = "tracestate";

  private static final int VERSION_00_LENGTH = 55;
  private static final List<String> FIELDS =
      Collections.unmodifiableList(Arrays.asList(TRACEPARENT, TRACESTATE));
  private static final W3CTraceContextPropagator INSTANCE = new W3CTraceContextPropagator();

  /** The shared instance. */
  public static W3CTraceContextPropagator getInstance() {
    return INSTANCE;
  }

  private W3CTraceContextPropagator() {}

  @Override
  public List<String> fields() {
    return FIELDS;
  }

  @Override
  public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {
    if (context == null || carrier == null || setter == null) return;
    char[] out = new char[VERSION_00_LENGTH];
    out[0] = '0';
    out[1] = '0';
    out[2] = '-';
    Hex.write(context.traceIdHigh(), out, 3);
    Hex.write(context.traceIdLow(), out, 19);
    out[35] = '-';
    Hex.write(context.spanId(), out, 36);
    out[52] = '-';
    Hex.writeByte(context.flags() & TraceFlags.W3C_MASK, out, 53);
    setter.set(carrier, TRACEPARENT, new String(out));
    String traceState = context.traceState();
    if (traceState != null && !traceState.isEmpty()) setter.set(carrier, TRACESTATE, traceState);
  }

  @Override
  public ExtractedContext extract(Iterable<? extends Map.Entry<String, String>> carrier) {
    if (carrier == null) return null;
    String traceparent = null;
    String tracestate = null;
    for (Map.Entry<String, String> entry : carrier) {
      String key = entry.getKey();
      if (key == null) continue;
      if (TRACEPARENT.equalsIgnoreCase(key)) {
        traceparent = entry.getValue();
      } else if (TRACESTATE.equalsIgnoreCase(key)) {
        String value = entry.getValue();
        // Several tracestate headers combine into one list, in order.
        if (value != null) tracestate = tracestate == null ? value : tracestate + ',' + value;
      }
    }
    return parse(traceparent, tracestate);
  }

  /** Parses a {@code traceparent} value; {@code null} when it is absent or invalid. */
  static ExtractedContext parse(String traceparent, String tracestate) {
    if (traceparent == null) return null;
    String tp = traceparent.trim();
    int length = tp.length();
    if (length < VERSION_00_LENGTH) return null;
    if (!Hex.isLowerHex(tp, 0, 2) || tp.charAt(2) != '-') return null;
    int version = (int) Hex.parseUnchecked(tp, 0, 2);
    if (version == 0xff) return null;
    if (version == 0 && length != VERSION_00_LENGTH) return null;
    if (length > VERSION_00_LENGTH && tp.charAt(VERSION_00_LENGTH) != '-') return null;
    if (tp.charAt(35) != '-' || tp.charAt(52) != '-') return null;
    if (!Hex.isLowerHex(tp, 3, 35) || !Hex.isLowerHex(tp, 36, 52) || !Hex.isLowerHex(tp, 53, 55)) {
      return null;
    }
    long high = Hex.parseUnchecked(tp, 3, 19);
    long low = Hex.parseUnchecked(tp, 19, 35);
    long spanId = Hex.parseUnchecked(tp, 36, 52);
    int flags = (int) Hex.parseUnchecked(tp, 53, 55);
    String state = tracestate == null || tracestate.trim().isEmpty() ? null : tracestate.trim();
    return ExtractedContext.create(high, low, spanId, 0L, flags, state, null);
  }
}
