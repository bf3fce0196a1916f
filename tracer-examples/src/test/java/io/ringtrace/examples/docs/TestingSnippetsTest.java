/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.opentracing.References;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import io.opentracing.tag.Tags;
import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.report.InMemorySpanExporter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The snippets of docs/testing.md, compiled and run: a user's test of instrumented code, first with
 * Ringtrace's in-memory exporter, then side by side with {@code MockTracer}.
 */
@Timeout(30)
class TestingSnippetsTest {

  /** The code under test: instrumented by hand with the OpenTracing API, as users' code is. */
  static final class Checkout {
    private final Tracer tracer;

    Checkout(Tracer tracer) {
      this.tracer = tracer;
    }

    void pay(String cartId) {
      Span server = tracer.buildSpan("POST /pay").withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_SERVER)
          .start();
      try (Scope ignored = tracer.activateSpan(server)) {
        server.setBaggageItem("cart", cartId);
        Span db = tracer.buildSpan("INSERT payment").withTag(Tags.DB_TYPE, "sql").start(); // child
        db.log("committed");
        db.finish();
      } finally {
        server.finish();
      }
    }
  }

  // --8<-- [start:ringtrace]
  InMemorySpanExporter spans = InMemorySpanExporter.create();
  RingtraceTracer tracer = Ringtrace.builder("checkout-test").exporter(spans).build();

  @BeforeEach
  void forgetEarlierSpans() {
    spans.reset(); // like MockTracer.reset(): forgets every span finished before it
  }

  @AfterEach
  void closeTracer() {
    tracer.close();
  }

  @Test
  void pay_recordsAServerSpanWithADatabaseChild() {
    new Checkout(tracer).pay("cart-7");

    // No flush: a tracer with an InMemorySpanExporter hands it each span inside finish().
    List<FinishedSpan> finished = spans.finishedSpans();
    assertThat(finished).extracting(FinishedSpan::operationName)
        .containsExactly("INSERT payment", "POST /pay");
    FinishedSpan db = finished.get(0);
    FinishedSpan server = finished.get(1);
    assertThat(db.parentSpanId()).isEqualTo(server.spanId());
    assertThat(db.traceId()).isEqualTo(server.traceId());
    assertThat(server.parentSpanId()).isNull(); // a root
    assertThat(server.tags()).containsEntry("span.kind", "server");
    assertThat(db.tags()).containsEntry("db.type", "sql");
    assertThat(db.logs().get(0).fields()).containsEntry("event", "committed");
    assertThat(db.baggage()).containsEntry("cart", "cart-7");
    assertThat(db.references()).singleElement()
        .satisfies(r -> assertThat(r.type()).isEqualTo(References.CHILD_OF));
  }
  // --8<-- [end:ringtrace]

  @Test
  void sameCode_recordsTheSameSpans_asMockTracer() {
    MockTracer mock = new MockTracer();
    new Checkout(mock).pay("cart-7");
    new Checkout(tracer).pay("cart-7");

    List<MockSpan> expected = mock.finishedSpans();
    List<FinishedSpan> actual = spans.finishedSpans();
    assertThat(actual).extracting(FinishedSpan::operationName)
        .isEqualTo(expected.stream().map(MockSpan::operationName).collect(Collectors.toList()));
    for (int i = 0; i < expected.size(); i++) {
      MockSpan m = expected.get(i);
      FinishedSpan r = actual.get(i);
      assertThat(r.tags()).as(r.operationName()).isEqualTo(m.tags());
      assertThat(r.logs()).extracting(l -> (Map<String, Object>) l.fields())
          .isEqualTo(m.logEntries().stream().map(MockSpan.LogEntry::fields)
              .collect(Collectors.toList()));
      assertThat(r.parentSpanId() == null).as("root").isEqualTo(m.parentId() == 0);
      assertThat(r.references()).extracting(ref -> ref.type())
          .isEqualTo(m.references().stream().map(MockSpan.Reference::getReferenceType)
              .collect(Collectors.toList()));
      assertThat(r.baggage()).containsExactly(entry("cart", "cart-7"));
    }
  }

  @Test
  void spansFinishedOnOtherThreads_areThereOnceThoseThreadsAreDone() throws Exception {
    Thread worker = new Thread(() -> new Checkout(tracer).pay("cart-8"));
    worker.start();
    worker.join(10_000);

    assertThat(spans.finishedSpans()).hasSize(2);
  }
}
