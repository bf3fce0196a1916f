/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.internal;

import static com.google.protobuf.CodedOutputStream.computeStringSizeNoTag;
import static com.google.protobuf.CodedOutputStream.computeUInt32SizeNoTag;
import static com.google.protobuf.CodedOutputStream.computeUInt64SizeNoTag;

import com.google.protobuf.CodedOutputStream;
import io.ringtrace.core.FinishedSpan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Writes Zipkin v2 {@code ListOfSpans} in proto3 ({@code zipkin.proto3}) straight from finished
 * spans, with protobuf's {@link CodedOutputStream}. Internal, not for public use.
 *
 * <p>Mapping as described on {@link ZipkinSpan}. Fields are written in field-number order, empty
 * values left out except tag values (Zipkin keeps empty tags), as Zipkin's own encoder does, so
 * the sizes agree with {@code SpanBytesEncoder.PROTO3}.
 */
public final class ZipkinProto3Encoder extends BatchEncoder {

  /** The content type of the bodies. */
  public static final String CONTENT_TYPE = "application/x-protobuf";

  private static final int VARINT = 0;
  private static final int I64 = 1;
  private static final int LEN = 2;

  // ListOfSpans
  private static final int LIST_SPANS = key(1, LEN);
  // Span
  private static final int TRACE_ID = key(1, LEN);
  private static final int PARENT_ID = key(2, LEN);
  private static final int ID = key(3, LEN);
  private static final int KIND = key(4, VARINT);
  private static final int NAME = key(5, LEN);
  private static final int TIMESTAMP = key(6, I64);
  private static final int DURATION = key(7, VARINT);
  private static final int LOCAL_ENDPOINT = key(8, LEN);
  private static final int REMOTE_ENDPOINT = key(9, LEN);
  private static final int ANNOTATIONS = key(10, LEN);
  private static final int TAGS = key(11, LEN);
  private static final int DEBUG = key(12, VARINT);
  // Endpoint
  private static final int ENDPOINT_SERVICE_NAME = key(1, LEN);
  private static final int ENDPOINT_IPV4 = key(2, LEN);
  private static final int ENDPOINT_IPV6 = key(3, LEN);
  private static final int ENDPOINT_PORT = key(4, VARINT);
  // Annotation
  private static final int ANNOTATION_TIMESTAMP = key(1, I64);
  private static final int ANNOTATION_VALUE = key(2, LEN);
  // map<string, string> entry
  private static final int ENTRY_KEY = key(1, LEN);
  private static final int ENTRY_VALUE = key(2, LEN);

  // ZipkinSpan.sizes layout: [span, local endpoint, remote endpoint, annotation..., tag...]
  private static final int SPAN_SIZE = 0;
  private static final int LOCAL_SIZE = 1;
  private static final int REMOTE_SIZE = 2;
  private static final int FIRST_NESTED = 3;

  private ZipkinSpan[] spans = new ZipkinSpan[0];

  public ZipkinProto3Encoder() {}

  @Override
  public String contentType() {
    return CONTENT_TYPE;
  }

  @Override
  protected int requestOverhead() {
    return 0;
  }

  @Override
  protected int sizeSpan(int i, FinishedSpan span, int valueLimit) {
    ZipkinSpan z = zipkinSpan(i);
    z.fill(span, valueLimit);
    int[] sizes = z.sizes(FIRST_NESTED + z.annotationCount + z.tagCount);
    int idSize = z.is128Bit() ? 16 : 8;
    int size = 1 + 1 + idSize;
    if (z.parentId != 0) size += 1 + 1 + 8;
    size += 1 + 1 + 8;
    if (z.kind != 0) size += 2;
    if (!z.name.isEmpty()) size += 1 + utf8.stringSizeNoTag(z.name);
    if (z.timestampMicros != 0) size += 1 + 8;
    if (z.durationMicros != 0) size += 1 + computeUInt64SizeNoTag(z.durationMicros);
    int local = 1 + utf8.stringSizeNoTag(z.localServiceName);
    sizes[LOCAL_SIZE] = local;
    size += lengthDelimited(local);
    if (z.hasRemote) {
      int remote = 0;
      if (z.remoteServiceName != null) remote += 1 + utf8.stringSizeNoTag(z.remoteServiceName);
      if (z.hasIpv4) remote += 1 + 1 + 4;
      if (z.ipv6 != null) remote += 1 + 1 + 16;
      if (z.port != 0) remote += 1 + computeUInt32SizeNoTag(z.port);
      sizes[REMOTE_SIZE] = remote;
      size += lengthDelimited(remote);
    }
    int s = FIRST_NESTED;
    for (int a = 0; a < z.annotationCount; a++) {
      int annotation = 1 + 8 + 1 + utf8.stringSizeNoTag(z.annotationValue[a]);
      sizes[s++] = annotation;
      size += lengthDelimited(annotation);
    }
    for (int t = 0; t < z.tagCount; t++) {
      int entry = 1 + utf8.stringSizeNoTag(z.tagKey[t]) + 1 + utf8.stringSizeNoTag(z.tagValue[t]);
      sizes[s++] = entry;
      size += lengthDelimited(entry);
    }
    if (z.debug) size += 2;
    sizes[SPAN_SIZE] = size;
    return lengthDelimited(size);
  }

  @Override
  protected int writeRequest(int from, int to) {
    int total = 0;
    for (int i = from; i < to; i++) {
      if (isLive(i)) total += cost(i);
    }
    byte[] buffer = ensureBuffer(total);
    CodedOutputStream out = CodedOutputStream.newInstance(buffer, 0, total);
    try {
      for (int i = from; i < to; i++) {
        if (isLive(i)) writeSpan(out, spans[i]);
      }
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a bug: the sizes did not match the bytes written
    }
    return total;
  }

  private void writeSpan(CodedOutputStream out, ZipkinSpan z) throws IOException {
    int[] sizes = z.sizes;
    writeLengthDelimited(out, LIST_SPANS, sizes[SPAN_SIZE]);
    out.writeUInt32NoTag(TRACE_ID);
    if (z.is128Bit()) {
      out.writeUInt32NoTag(16);
      out.writeFixed64NoTag(Long.reverseBytes(z.traceIdHigh)); // big-endian on the wire
    } else {
      out.writeUInt32NoTag(8);
    }
    out.writeFixed64NoTag(Long.reverseBytes(z.traceIdLow));
    if (z.parentId != 0) writeId(out, PARENT_ID, z.parentId);
    writeId(out, ID, z.id);
    if (z.kind != 0) {
      out.writeUInt32NoTag(KIND);
      out.writeEnumNoTag(z.kind);
    }
    if (!z.name.isEmpty()) {
      out.writeUInt32NoTag(NAME);
      utf8.writeStringNoTag(out, z.name);
    }
    if (z.timestampMicros != 0) {
      out.writeUInt32NoTag(TIMESTAMP);
      out.writeFixed64NoTag(z.timestampMicros);
    }
    if (z.durationMicros != 0) {
      out.writeUInt32NoTag(DURATION);
      out.writeUInt64NoTag(z.durationMicros);
    }
    writeLengthDelimited(out, LOCAL_ENDPOINT, sizes[LOCAL_SIZE]);
    out.writeUInt32NoTag(ENDPOINT_SERVICE_NAME);
    utf8.writeStringNoTag(out, z.localServiceName);
    if (z.hasRemote) {
      writeLengthDelimited(out, REMOTE_ENDPOINT, sizes[REMOTE_SIZE]);
      if (z.remoteServiceName != null) {
        out.writeUInt32NoTag(ENDPOINT_SERVICE_NAME);
        utf8.writeStringNoTag(out, z.remoteServiceName);
      }
      if (z.hasIpv4) {
        out.writeUInt32NoTag(ENDPOINT_IPV4);
        out.writeUInt32NoTag(4);
        out.writeFixed32NoTag(Integer.reverseBytes(z.ipv4)); // network order
      }
      if (z.ipv6 != null) {
        out.writeUInt32NoTag(ENDPOINT_IPV6);
        out.writeUInt32NoTag(16);
        out.writeRawBytes(z.ipv6);
      }
      if (z.port != 0) {
        out.writeUInt32NoTag(ENDPOINT_PORT);
        out.writeUInt32NoTag(z.port);
      }
    }
    int s = FIRST_NESTED;
    for (int a = 0; a < z.annotationCount; a++) {
      writeLengthDelimited(out, ANNOTATIONS, sizes[s++]);
      out.writeUInt32NoTag(ANNOTATION_TIMESTAMP);
      out.writeFixed64NoTag(z.annotationTimestamp[a]);
      out.writeUInt32NoTag(ANNOTATION_VALUE);
      utf8.writeStringNoTag(out, z.annotationValue[a]);
    }
    for (int t = 0; t < z.tagCount; t++) {
      writeLengthDelimited(out, TAGS, sizes[s++]);
      out.writeUInt32NoTag(ENTRY_KEY);
      utf8.writeStringNoTag(out, z.tagKey[t]);
      out.writeUInt32NoTag(ENTRY_VALUE);
      utf8.writeStringNoTag(out, z.tagValue[t]);
    }
    if (z.debug) {
      out.writeUInt32NoTag(DEBUG);
      out.writeBoolNoTag(true);
    }
  }

  @Override
  protected void onClear(int count) {
    for (int i = 0; i < count && i < spans.length; i++) spans[i].clear();
  }

  private ZipkinSpan zipkinSpan(int i) {
    if (i >= spans.length) {
      ZipkinSpan[] grown = Arrays.copyOf(spans, Math.max(i + 1, spans.length * 2));
      for (int j = spans.length; j < grown.length; j++) grown[j] = new ZipkinSpan();
      spans = grown;
    }
    return spans[i];
  }

  private static int key(int fieldNumber, int wireType) {
    return (fieldNumber << 3) | wireType;
  }

  private static int lengthDelimited(int size) {
    return 1 + computeUInt32SizeNoTag(size) + size;
  }

  private static void writeLengthDelimited(CodedOutputStream out, int key, int size)
      throws IOException {
    out.writeUInt32NoTag(key);
    out.writeUInt32NoTag(size);
  }

  private static void writeId(CodedOutputStream out, int key, long id) throws IOException {
    out.writeUInt32NoTag(key);
    out.writeUInt32NoTag(8);
    out.writeFixed64NoTag(Long.reverseBytes(id));
  }
}
