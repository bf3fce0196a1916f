/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server on 127.0.0.1 for what an HTTP server library will not do: reset a connection,
 * answer one byte per second. Each connection reads one request, then gets the next scripted
 * behaviour (the last one repeats).
 */
public final class RawServer implements AutoCloseable {

  /** What to do with a connection once its request was read. */
  public interface Behaviour {
    void handle(Socket socket) throws IOException, InterruptedException;
  }

  private final ServerSocket server;
  private final Deque<Behaviour> script = new ArrayDeque<>(); // guarded by this
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread acceptor;
  private volatile boolean closed;

  public RawServer(Behaviour... behaviours) throws IOException {
    for (Behaviour b : behaviours) script.add(b);
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::acceptLoop, "raw-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getLocalPort() + path;
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        connections.incrementAndGet();
        Behaviour behaviour;
        synchronized (this) {
          behaviour = script.size() > 1 ? script.poll() : script.peek();
        }
        Thread t =
            new Thread(
                () -> {
                  try (Socket s = socket) {
                    readRequest(s.getInputStream());
                    behaviour.handle(s);
                  } catch (IOException | InterruptedException e) {
                    // the client went away or the test ended
                  }
                },
                "raw-server-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Reads the request head and a Content-Length body. */
  private static void readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) throw new IOException("closed");
      head.write(b);
      state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
    }
    int length = 0;
    for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.readNBytes(length);
  }

  /** Resets the connection (RST), as a crashed or overloaded peer does. */
  public static Behaviour reset() {
    return socket -> {
      socket.setSoLinger(true, 0);
      socket.close();
    };
  }

  /** Answers {@code status} at once. */
  public static Behaviour respond(int status) {
    return socket -> {
      OutputStream out = socket.getOutputStream();
      out.write(("HTTP/1.1 " + status + " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    };
  }

  /** Sends a 200 with a long body, one byte per second. */
  public static Behaviour trickle() {
    return socket -> {
      OutputStream out = socket.getOutputStream();
      out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      for (int i = 0; i < 1000; i++) {
        out.write('x');
        out.flush();
        Thread.sleep(1000);
      }
    };
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
  }
}
