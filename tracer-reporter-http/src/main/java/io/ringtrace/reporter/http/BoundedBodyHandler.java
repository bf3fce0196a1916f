/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body, keeping at most {@code limit} bytes and discarding the rest: a
 * collector cannot make the exporter hold more than that, whatever it answers.
 */
final class BoundedBodyHandler implements HttpResponse.BodyHandler<byte[]> {

  private final int limit;

  BoundedBodyHandler(int limit) {
    this.limit = limit;
  }

  @Override
  public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
    return new Subscriber(limit);
  }

  /** Called by the HTTP client's threads, one signal at a time (reactive streams rule 1.3). */
  private static final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final int limit;
    private byte[] bytes = new byte[0];
    private int length;

    Subscriber(int limit) {
      this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer item : items) {
        int take = Math.min(item.remaining(), limit - length);
        if (take > 0) {
          if (length + take > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(limit, Math.max(length + take, bytes.length * 2)));
          }
          item.get(bytes, length, take);
          length += take;
        }
        item.position(item.limit()); // the rest is discarded
      }
    }

    @Override
    public void onError(Throwable throwable) {
      body.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      body.complete(length == bytes.length ? bytes : Arrays.copyOf(bytes, length));
    }
  }
}
