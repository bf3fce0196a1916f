/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.internal;

import static com.google.protobuf.CodedOutputStream.computeInt64SizeNoTag;
import static com.google.protobuf.CodedOutputStream.computeStringSizeNoTag;
import static com.google.protobuf.CodedOutputStream.computeUInt32SizeNoTag;

import com.google.protobuf.CodedOutputStream;
import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.LogRecord;
import io.ringtrace.core.Resource;
import io.ringtrace.core.SpanReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes an OTLP {@code ExportTraceServiceRequest} (opentelemetry-proto {@code
 * collector/trace/v1}) straight from finished spans, with protobuf's {@link CodedOutputStream} and
 * no generated message objects. Internal, not for public use.
 *
 * <p>Fields are written in field-number order and default values are left out, exactly as the
 * generated classes do, so that the bytes equal what they would serialize for the same message.
 *
 * <p>Mapping: tags become typed attributes (string, bool, int, double; a {@code BigInteger} that
 * does not fit in 64 bits, a {@code BigDecimal} and any other number become strings); a {@code
 * span.kind} tag of {@code server}, {@code client}, {@code producer} or {@code consumer} becomes
 * the span kind (and is not repeated as an attribute), anything else gives {@code INTERNAL}; {@code
 * error=true} gives status {@code ERROR} with the message found by the error log conventions;
 * logs become events named by their {@code event} field (else {@code log}), the other fields
 * becoming attributes and an {@code error.object} throwable becoming {@code exception.type},
 * {@code exception.message} and {@code exception.stacktrace}; references other than the parent
 * become links with an {@code opentracing.ref_type} attribute; the W3C flags byte and {@code
 * tracestate} are carried through. Spans are grouped by {@link Resource}; each group has one scope,
 * {@value #SCOPE_NAME}, with the library version.
 */
public final class OtlpTraceEncoder extends BatchEncoder {

  /** The content type of the bodies. */
  public static final String CONTENT_TYPE = "application/x-protobuf";

  /** The instrumentation scope every span is reported under. */
  public static final String SCOPE_NAME = "io.ringtrace";

  static final String REF_TYPE = "opentracing.ref_type";
  static final String EXCEPTION_TYPE = "exception.type";
  static final String EXCEPTION_MESSAGE = "exception.message";
  static final String EXCEPTION_STACKTRACE = "exception.stacktrace";
  static final String DEFAULT_EVENT_NAME = "log";

  // Wire types and field keys, (field_number << 3) | wire_type, computed once.
  private static final int VARINT = 0;
  private static final int I64 = 1;
  private static final int LEN = 2;
  private static final int I32 = 5;

  // ExportTraceServiceRequest
  private static final int REQUEST_RESOURCE_SPANS = key(1, LEN);
  // ResourceSpans
  private static final int RESOURCE_SPANS_RESOURCE = key(1, LEN);
  private static final int RESOURCE_SPANS_SCOPE_SPANS = key(2, LEN);
  // Resource
  private static final int RESOURCE_ATTRIBUTES = key(1, LEN);
  // ScopeSpans
  private static final int SCOPE_SPANS_SCOPE = key(1, LEN);
  private static final int SCOPE_SPANS_SPANS = key(2, LEN);
  // InstrumentationScope
  private static final int SCOPE_NAME_FIELD = key(1, LEN);
  private static final int SCOPE_VERSION_FIELD = key(2, LEN);
  // Span
  private static final int SPAN_TRACE_ID = key(1, LEN);
  private static final int SPAN_SPAN_ID = key(2, LEN);
  private static final int SPAN_TRACE_STATE = key(3, LEN);
  private static final int SPAN_PARENT_SPAN_ID = key(4, LEN);
  private static final int SPAN_NAME = key(5, LEN);
  private static final int SPAN_KIND = key(6, VARINT);
  private static final int SPAN_START = key(7, I64);
  private static final int SPAN_END = key(8, I64);
  private static final int SPAN_ATTRIBUTES = key(9, LEN);
  private static final int SPAN_DROPPED_ATTRIBUTES = key(10, VARINT);
  private static final int SPAN_EVENTS = key(11, LEN);
  private static final int SPAN_DROPPED_EVENTS = key(12, VARINT);
  private static final int SPAN_LINKS = key(13, LEN);
  private static final int SPAN_DROPPED_LINKS = key(14, VARINT);
  private static final int SPAN_STATUS = key(15, LEN);
  private static final int SPAN_FLAGS = key(16, I32); // two bytes on the wire
  // Span.Event
  private static final int EVENT_TIME = key(1, I64);
  private static final int EVENT_NAME = key(2, LEN);
  private static final int EVENT_ATTRIBUTES = key(3, LEN);
  private static final int EVENT_DROPPED_ATTRIBUTES = key(4, VARINT);
  // Span.Link
  private static final int LINK_TRACE_ID = key(1, LEN);
  private static final int LINK_SPAN_ID = key(2, LEN);
  private static final int LINK_TRACE_STATE = key(3, LEN);
  private static final int LINK_ATTRIBUTES = key(4, LEN);
  private static final int LINK_FLAGS = key(6, I32);
  // Status
  private static final int STATUS_MESSAGE = key(2, LEN);
  private static final int STATUS_CODE = key(3, VARINT);
  // KeyValue
  private static final int KEY_VALUE_KEY = key(1, LEN);
  private static final int KEY_VALUE_VALUE = key(2, LEN);
  // AnyValue
  private static final int ANY_STRING = key(1, LEN);
  private static final int ANY_BOOL = key(2, VARINT);
  private static final int ANY_INT = key(3, VARINT);
  private static final int ANY_DOUBLE = key(4, I64);

  private static final int SPAN_FLAGS_KEY_SIZE = computeUInt32SizeNoTag(SPAN_FLAGS);
  private static final int TRACE_ID_FIELD_SIZE = 1 + 1 + 16;
  private static final int SPAN_ID_FIELD_SIZE = 1 + 1 + 8;
  private static final int FIXED64_FIELD_SIZE = 1 + 8;
  private static final int FIXED32_FIELD_SIZE = 1 + 4;

  // OTLP enum values
  static final int SPAN_KIND_INTERNAL = 1;
  static final int SPAN_KIND_SERVER = 2;
  static final int SPAN_KIND_CLIENT = 3;
  static final int SPAN_KIND_PRODUCER = 4;
  static final int SPAN_KIND_CONSUMER = 5;
  static final int STATUS_CODE_ERROR = 2;

  /** The encoded {@code InstrumentationScope}; the same for every request. */
  private static final byte[] SCOPE = encodeScope();

  private static final int SCOPE_FIELD_SIZE = lengthDelimited(1, SCOPE.length);

  // Encoded Resource messages of the last few resources seen, by identity. Bounded: a process has
  // one tracer, rarely a few.
  private final Resource[] cachedResources = new Resource[4];
  private final byte[][] cachedResourceBytes = new byte[4][];
  private int nextCacheSlot;

  // Per-request scratch for the groups of writeRequest.
  private Resource[] requestGroups = new Resource[4];
  private int[] requestGroupScopeSpansSize = new int[4];

  public OtlpTraceEncoder() {}

  @Override
  public String contentType() {
    return CONTENT_TYPE;
  }

  // -----------------------------------------------------------------------------------------------
  // Request

  @Override
  protected int requestOverhead() {
    return 0;
  }

  @Override
  protected Object groupKey(FinishedSpan span) {
    return span.resource();
  }

  @Override
  protected int groupOverhead(FinishedSpan span) {
    int resource = resourceBytes(span.resource()).length;
    // ResourceSpans and ScopeSpans length prefixes counted at their largest, five bytes each.
    return 1 + 5 + lengthDelimited(1, resource) + 1 + 5 + SCOPE_FIELD_SIZE;
  }

  @Override
  protected int writeRequest(int from, int to) {
    int groups = 0;
    for (int i = from; i < to; i++) {
      if (!isLive(i)) continue;
      Resource resource = span(i).resource();
      int g = 0;
      while (g < groups && requestGroups[g] != resource) g++;
      if (g == groups) {
        if (groups == requestGroups.length) {
          requestGroups = Arrays.copyOf(requestGroups, groups * 2);
          requestGroupScopeSpansSize = Arrays.copyOf(requestGroupScopeSpansSize, groups * 2);
        }
        requestGroups[g] = resource;
        requestGroupScopeSpansSize[g] = SCOPE_FIELD_SIZE;
        groups++;
      }
      requestGroupScopeSpansSize[g] += cost(i);
    }
    int total = 0;
    for (int g = 0; g < groups; g++) {
      total += lengthDelimited(1, resourceSpansSize(g));
    }
    byte[] buffer = ensureBuffer(total);
    CodedOutputStream out = CodedOutputStream.newInstance(buffer, 0, total);
    try {
      for (int g = 0; g < groups; g++) {
        Resource resource = requestGroups[g];
        byte[] resourceBytes = resourceBytes(resource);
        writeLengthDelimited(out, REQUEST_RESOURCE_SPANS, resourceSpansSize(g));
        writeLengthDelimited(out, RESOURCE_SPANS_RESOURCE, resourceBytes.length);
        out.writeRawBytes(resourceBytes);
        writeLengthDelimited(out, RESOURCE_SPANS_SCOPE_SPANS, requestGroupScopeSpansSize[g]);
        writeLengthDelimited(out, SCOPE_SPANS_SCOPE, SCOPE.length);
        out.writeRawBytes(SCOPE);
        for (int i = from; i < to; i++) {
          if (isLive(i) && span(i).resource() == resource) writeSpan(out, i);
        }
      }
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a bug: the sizes did not match the bytes written
    } finally {
      Arrays.fill(requestGroups, 0, groups, null);
    }
    return total;
  }

  private int resourceSpansSize(int g) {
    int resource = resourceBytes(requestGroups[g]).length;
    return lengthDelimited(1, resource) + lengthDelimited(1, requestGroupScopeSpansSize[g]);
  }

  // -----------------------------------------------------------------------------------------------
  // Span: size pass

  @Override
  protected int sizeSpan(int index, FinishedSpan span, int valueLimit) {
    int sizeIndex = reserveInt();
    int size = TRACE_ID_FIELD_SIZE + SPAN_ID_FIELD_SIZE;
    String traceState = wellFormed(span.traceState());
    addRef(traceState);
    if (traceState != null && !traceState.isEmpty()) size += 1 + utf8.stringSizeNoTag(traceState);
    if (span.parentSpanIdAsLong() != 0) size += SPAN_ID_FIELD_SIZE;
    String name = wellFormed(span.operationName());
    addRef(name);
    if (!name.isEmpty()) size += 1 + utf8.stringSizeNoTag(name);

    int kindIndex = SpanMapping.tagIndex(span, SpanMapping.SPAN_KIND);
    int kind = kindIndex < 0 ? SpanMapping.KIND_NONE : SpanMapping.kind(span.tagValue(kindIndex));
    if (kind == SpanMapping.KIND_NONE) kindIndex = -1; // not mapped: stays an attribute
    addInt(kindIndex);
    size += 2; // kind, never UNSPECIFIED
    if (span.startEpochNanos() != 0) size += FIXED64_FIELD_SIZE;
    if (span.endEpochNanos() != 0) size += FIXED64_FIELD_SIZE;

    int attributeCountIndex = reserveInt();
    int attributes = 0;
    for (int i = 0, n = span.tagCount(); i < n; i++) {
      if (i == kindIndex) continue;
      size += sizeAttribute(span.tagKey(i), normalize(span.tagValue(i), valueLimit));
      attributes++;
    }
    setInt(attributeCountIndex, attributes);
    size += sizeVarintField(span.droppedTagsCount());

    for (int l = 0, n = span.logCount(); l < n; l++) {
      size += lengthDelimited(1, sizeEvent(span.log(l), valueLimit));
    }
    size += sizeVarintField(span.droppedLogsCount());

    for (int l = 0, n = span.linkCount(); l < n; l++) {
      size += lengthDelimited(1, sizeLink(span.link(l)));
    }
    size += sizeVarintField(span.droppedReferencesCount());

    if (SpanMapping.isError(span)) {
      String message = SpanMapping.errorMessage(span);
      if (message != null) message = wellFormed(SpanMapping.limit(message, valueLimit));
      int status = 2; // code
      if (message != null && !message.isEmpty()) status += 1 + utf8.stringSizeNoTag(message);
      addInt(status);
      addRef(message);
      size += lengthDelimited(1, status);
    } else {
      addInt(0);
    }
    size += SPAN_FLAGS_KEY_SIZE + 4; // spanFlags always has the "is remote known" bit

    setInt(sizeIndex, size);
    return lengthDelimited(1, size);
  }

  /** Sizes one KeyValue, records it for the write pass, answers its field size in the parent. */
  private int sizeAttribute(String key, Object value) {
    key = SpanMapping.wellFormed(key);
    if (value instanceof String) value = SpanMapping.wellFormed((String) value);
    int anyValue = anyValueSize(value);
    int keyValue = keyValueSize(key, anyValue);
    addRef(key);
    addRef(value);
    addInt(anyValue);
    addInt(keyValue);
    return lengthDelimited(1, keyValue);
  }

  private int sizeEvent(LogRecord log, int valueLimit) {
    int sizeIndex = reserveInt();
    int size = log.timestampEpochNanos() != 0 ? FIXED64_FIELD_SIZE : 0;
    int eventIndex = -1;
    String name = DEFAULT_EVENT_NAME;
    for (int f = 0, n = log.fieldCount(); f < n; f++) {
      if (SpanMapping.EVENT.equals(log.fieldKey(f))) {
        eventIndex = f;
        name = wellFormed(SpanMapping.limit(SpanMapping.toText(log.fieldValue(f)), valueLimit));
        break;
      }
    }
    addRef(name);
    if (!name.isEmpty()) size += 1 + utf8.stringSizeNoTag(name);
    int attributeCountIndex = reserveInt();
    int attributes = 0;
    for (int f = 0, n = log.fieldCount(); f < n; f++) {
      if (f == eventIndex) continue;
      String key = log.fieldKey(f);
      Object value = log.fieldValue(f);
      if (value instanceof Throwable && SpanMapping.ERROR_OBJECT.equals(key)) {
        Throwable t = (Throwable) value;
        size += sizeAttribute(EXCEPTION_TYPE, SpanMapping.limit(t.getClass().getName(), valueLimit));
        attributes++;
        String message = t.getMessage();
        if (message != null) {
          size += sizeAttribute(EXCEPTION_MESSAGE, SpanMapping.limit(message, valueLimit));
          attributes++;
        }
        String stack = SpanMapping.stackTrace(t);
        size += sizeAttribute(EXCEPTION_STACKTRACE, SpanMapping.limit(stack, valueLimit));
        attributes++;
      } else {
        size += sizeAttribute(key, normalize(value, valueLimit));
        attributes++;
      }
    }
    setInt(attributeCountIndex, attributes);
    size += sizeVarintField(log.droppedFieldsCount());
    setInt(sizeIndex, size);
    return size;
  }

  private int sizeLink(SpanReference link) {
    int sizeIndex = reserveInt();
    int size = TRACE_ID_FIELD_SIZE + SPAN_ID_FIELD_SIZE;
    String traceState = wellFormed(link.traceState());
    addRef(traceState);
    if (traceState != null && !traceState.isEmpty()) size += 1 + utf8.stringSizeNoTag(traceState);
    size += sizeAttribute(REF_TYPE, link.type());
    if ((link.flags() & 0xff) != 0) size += FIXED32_FIELD_SIZE;
    setInt(sizeIndex, size);
    return size;
  }

  // -----------------------------------------------------------------------------------------------
  // Span: write pass, mirroring the size pass

  private void writeSpan(CodedOutputStream out, int i) throws IOException {
    FinishedSpan span = span(i);
    beginWrite(i);
    int size = nextInt();
    writeLengthDelimited(out, SCOPE_SPANS_SPANS, size);
    out.writeUInt32NoTag(SPAN_TRACE_ID);
    out.writeUInt32NoTag(16);
    out.writeFixed64NoTag(Long.reverseBytes(span.traceIdHigh())); // big-endian on the wire
    out.writeFixed64NoTag(Long.reverseBytes(span.traceIdLow()));
    writeSpanId(out, SPAN_SPAN_ID, span.spanIdAsLong());
    String traceState = (String) nextRef();
    if (traceState != null && !traceState.isEmpty()) {
      out.writeUInt32NoTag(SPAN_TRACE_STATE);
      utf8.writeStringNoTag(out, traceState);
    }
    long parent = span.parentSpanIdAsLong();
    if (parent != 0) writeSpanId(out, SPAN_PARENT_SPAN_ID, parent);
    String name = (String) nextRef();
    if (!name.isEmpty()) {
      out.writeUInt32NoTag(SPAN_NAME);
      utf8.writeStringNoTag(out, name);
    }
    int kindIndex = nextInt();
    out.writeUInt32NoTag(SPAN_KIND);
    out.writeEnumNoTag(
        kindIndex < 0 ? SPAN_KIND_INTERNAL : otlpKind(SpanMapping.kind(span.tagValue(kindIndex))));
    long start = span.startEpochNanos();
    if (start != 0) {
      out.writeUInt32NoTag(SPAN_START);
      out.writeFixed64NoTag(start);
    }
    long end = span.endEpochNanos();
    if (end != 0) {
      out.writeUInt32NoTag(SPAN_END);
      out.writeFixed64NoTag(end);
    }
    writeAttributes(out, SPAN_ATTRIBUTES, nextInt());
    writeVarintField(out, SPAN_DROPPED_ATTRIBUTES, span.droppedTagsCount());

    for (int l = 0, n = span.logCount(); l < n; l++) {
      LogRecord log = span.log(l);
      writeLengthDelimited(out, SPAN_EVENTS, nextInt());
      long time = log.timestampEpochNanos();
      if (time != 0) {
        out.writeUInt32NoTag(EVENT_TIME);
        out.writeFixed64NoTag(time);
      }
      String eventName = (String) nextRef();
      if (!eventName.isEmpty()) {
        out.writeUInt32NoTag(EVENT_NAME);
        utf8.writeStringNoTag(out, eventName);
      }
      writeAttributes(out, EVENT_ATTRIBUTES, nextInt());
      writeVarintField(out, EVENT_DROPPED_ATTRIBUTES, log.droppedFieldsCount());
    }
    writeVarintField(out, SPAN_DROPPED_EVENTS, span.droppedLogsCount());

    for (int l = 0, n = span.linkCount(); l < n; l++) {
      SpanReference link = span.link(l);
      writeLengthDelimited(out, SPAN_LINKS, nextInt());
      out.writeUInt32NoTag(LINK_TRACE_ID);
      out.writeUInt32NoTag(16);
      out.writeFixed64NoTag(Long.reverseBytes(link.traceIdHigh()));
      out.writeFixed64NoTag(Long.reverseBytes(link.traceIdLow()));
      writeSpanId(out, LINK_SPAN_ID, link.spanIdAsLong());
      String linkState = (String) nextRef();
      if (linkState != null && !linkState.isEmpty()) {
        out.writeUInt32NoTag(LINK_TRACE_STATE);
        utf8.writeStringNoTag(out, linkState);
      }
      writeAttributes(out, LINK_ATTRIBUTES, 1);
      int linkFlags = link.flags() & 0xff;
      if (linkFlags != 0) {
        out.writeUInt32NoTag(LINK_FLAGS);
        out.writeFixed32NoTag(linkFlags);
      }
    }
    writeVarintField(out, SPAN_DROPPED_LINKS, span.droppedReferencesCount());

    int status = nextInt();
    if (status != 0) {
      String message = (String) nextRef();
      writeLengthDelimited(out, SPAN_STATUS, status);
      if (message != null && !message.isEmpty()) {
        out.writeUInt32NoTag(STATUS_MESSAGE);
        utf8.writeStringNoTag(out, message);
      }
      out.writeUInt32NoTag(STATUS_CODE);
      out.writeEnumNoTag(STATUS_CODE_ERROR);
    }
    out.writeUInt32NoTag(SPAN_FLAGS);
    out.writeFixed32NoTag(spanFlags(span));
  }

  /**
   * OTLP {@code Span.flags}: the W3C trace flags in bits 0-7, bit 8 ({@code
   * SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK}) set because we always know, bit 9 ({@code
   * SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK}) when the parent is in another process.
   */
  static int spanFlags(FinishedSpan span) {
    return (span.flags() & 0xff) | 0x100 | (span.hasRemoteParent() ? 0x200 : 0);
  }

  /** Writes {@code count} KeyValues recorded by {@link #sizeAttribute}. */
  private void writeAttributes(CodedOutputStream out, int fieldKey, int count) throws IOException {
    for (int a = 0; a < count; a++) {
      String key = (String) nextRef();
      Object value = nextRef();
      int anyValue = nextInt();
      int keyValue = nextInt();
      writeLengthDelimited(out, fieldKey, keyValue);
      writeKeyValueBody(out, key, value, anyValue);
    }
  }

  // -----------------------------------------------------------------------------------------------
  // Resource and scope

  /** The encoded {@code Resource} message of {@code resource}, cached. */
  byte[] resourceBytes(Resource resource) {
    for (int c = 0; c < cachedResources.length; c++) {
      if (cachedResources[c] == resource) return cachedResourceBytes[c];
    }
    byte[] bytes = encodeResource(resource);
    int slot = nextCacheSlot;
    nextCacheSlot = (slot + 1) % cachedResources.length;
    cachedResources[slot] = resource;
    cachedResourceBytes[slot] = bytes;
    return bytes;
  }

  /** The resource attributes, in the order they are written: key, value, key, value ... */
  static List<Object> resourceAttributes(Resource resource) {
    Map<String, Object> tags = resource.tags();
    List<Object> kv = new ArrayList<>(16 + 2 * tags.size());
    kv.add("service.name");
    kv.add(SpanMapping.wellFormed(resource.serviceName()));
    kv.add("telemetry.sdk.language");
    kv.add(Resource.SDK_LANGUAGE);
    kv.add("telemetry.sdk.name");
    kv.add(Resource.SDK_NAME);
    kv.add("telemetry.sdk.version");
    kv.add(Resource.sdkVersion());
    String host = Host.NAME;
    if (host != null && !tags.containsKey("host.name")) {
      kv.add("host.name");
      kv.add(host);
    }
    if (!tags.containsKey("process.pid")) {
      kv.add("process.pid");
      kv.add(Host.PID);
    }
    for (Map.Entry<String, Object> tag : tags.entrySet()) {
      String key = tag.getKey();
      if (key.equals("service.name") || key.startsWith("telemetry.sdk.")) continue;
      Object value = normalize(tag.getValue(), Integer.MAX_VALUE);
      kv.add(SpanMapping.wellFormed(key));
      kv.add(value instanceof String ? SpanMapping.wellFormed((String) value) : value);
    }
    return kv;
  }

  private byte[] encodeResource(Resource resource) {
    List<Object> kv = resourceAttributes(resource);
    int size = 0;
    for (int i = 0; i < kv.size(); i += 2) {
      size += lengthDelimited(1, keyValueSize((String) kv.get(i), anyValueSize(kv.get(i + 1))));
    }
    byte[] bytes = new byte[size];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      for (int i = 0; i < kv.size(); i += 2) {
        String key = (String) kv.get(i);
        Object value = kv.get(i + 1);
        int anyValue = anyValueSize(value);
        writeLengthDelimited(out, RESOURCE_ATTRIBUTES, keyValueSize(key, anyValue));
        writeKeyValueBody(out, key, value, anyValue);
      }
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes;
  }

  private static byte[] encodeScope() {
    String version = Resource.sdkVersion();
    int size = 1 + computeStringSizeNoTag(SCOPE_NAME) + 1 + computeStringSizeNoTag(version);
    byte[] bytes = new byte[size];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      out.writeUInt32NoTag(SCOPE_NAME_FIELD);
      out.writeStringNoTag(SCOPE_NAME);
      out.writeUInt32NoTag(SCOPE_VERSION_FIELD);
      out.writeStringNoTag(version);
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes;
  }

  /** Host facts, looked up once, on first use (never on an application thread). */
  private static final class Host {
    static final String NAME = hostName();
    static final Long PID = ProcessHandle.current().pid();

    private static String hostName() {
      String env = System.getenv("HOSTNAME");
      if (env != null && !env.isEmpty()) return env;
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (Exception e) {
        return null;
      }
    }
  }

  // -----------------------------------------------------------------------------------------------
  // Values

  /**
   * A tag or field value in the form it is written: {@code String} (truncated to {@code
   * valueLimit}), {@code Boolean}, an integral {@code Number} that fits in 64 bits, {@code Double}
   * or {@code Float}; anything else as its string.
   */
  static Object normalize(Object value, int valueLimit) {
    if (value instanceof String) return SpanMapping.limit((String) value, valueLimit);
    if (value instanceof Boolean
        || value instanceof Long
        || value instanceof Integer
        || value instanceof Double
        || value instanceof Float
        || value instanceof Short
        || value instanceof Byte) {
      return value;
    }
    if (value instanceof BigInteger && ((BigInteger) value).bitLength() < 64) return value;
    return SpanMapping.limit(SpanMapping.toText(value), valueLimit);
  }

  private int anyValueSize(Object value) {
    if (value instanceof String) return 1 + utf8.stringSizeNoTag((String) value);
    if (value instanceof Boolean) return 2;
    if (value instanceof Double || value instanceof Float) return 1 + 8;
    return 1 + computeInt64SizeNoTag(((Number) value).longValue());
  }

  private int keyValueSize(String key, int anyValueSize) {
    int size = lengthDelimited(1, anyValueSize);
    if (!key.isEmpty()) size += 1 + utf8.stringSizeNoTag(key);
    return size;
  }

  private void writeKeyValueBody(
      CodedOutputStream out, String key, Object value, int anyValueSize) throws IOException {
    if (!key.isEmpty()) {
      out.writeUInt32NoTag(KEY_VALUE_KEY);
      utf8.writeStringNoTag(out, key);
    }
    writeLengthDelimited(out, KEY_VALUE_VALUE, anyValueSize);
    if (value instanceof String) {
      out.writeUInt32NoTag(ANY_STRING);
      utf8.writeStringNoTag(out, (String) value);
    } else if (value instanceof Boolean) {
      out.writeUInt32NoTag(ANY_BOOL);
      out.writeBoolNoTag((Boolean) value);
    } else if (value instanceof Double || value instanceof Float) {
      out.writeUInt32NoTag(ANY_DOUBLE);
      out.writeDoubleNoTag(((Number) value).doubleValue());
    } else {
      out.writeUInt32NoTag(ANY_INT);
      out.writeInt64NoTag(((Number) value).longValue());
    }
  }

  static int otlpKind(int kind) {
    switch (kind) {
      case SpanMapping.KIND_SERVER:
        return SPAN_KIND_SERVER;
      case SpanMapping.KIND_CLIENT:
        return SPAN_KIND_CLIENT;
      case SpanMapping.KIND_PRODUCER:
        return SPAN_KIND_PRODUCER;
      case SpanMapping.KIND_CONSUMER:
        return SPAN_KIND_CONSUMER;
      default:
        return SPAN_KIND_INTERNAL;
    }
  }

  // -----------------------------------------------------------------------------------------------
  // Wire helpers

  private static String wellFormed(String s) {
    return s == null ? null : SpanMapping.wellFormed(s);
  }

  private static int key(int fieldNumber, int wireType) {
    return (fieldNumber << 3) | wireType;
  }

  /** Size of a length-delimited field with a {@code keySize}-byte key and {@code size} bytes. */
  private static int lengthDelimited(int keySize, int size) {
    return keySize + computeUInt32SizeNoTag(size) + size;
  }

  /** Size of a uint32 field, zero when it is left out (value zero). */
  private static int sizeVarintField(int value) {
    return value == 0 ? 0 : 1 + computeUInt32SizeNoTag(value);
  }

  private static void writeVarintField(CodedOutputStream out, int key, int value)
      throws IOException {
    if (value == 0) return;
    out.writeUInt32NoTag(key);
    out.writeUInt32NoTag(value);
  }

  private static void writeLengthDelimited(CodedOutputStream out, int key, int size)
      throws IOException {
    out.writeUInt32NoTag(key);
    out.writeUInt32NoTag(size);
  }

  private static void writeSpanId(CodedOutputStream out, int key, long id) throws IOException {
    out.writeUInt32NoTag(key);
    out.writeUInt32NoTag(8);
    out.writeFixed64NoTag(Long.reverseBytes(id));
  }
}
