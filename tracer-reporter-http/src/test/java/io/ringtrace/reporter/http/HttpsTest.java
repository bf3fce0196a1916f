/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.ringtrace.core.report.ExportResult;
import io.ringtrace.reporter.http.testing.TestSpans;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS is checked against the JDK's trust store: a self-signed collector is refused. */
class HttpsTest {

  @Test
  void export_toCollectorWithUntrustedCertificate_failsPermanentlyWithoutSending(@TempDir Path dir)
      throws Exception {
    Path keystore = dir.resolve("collector.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "collector",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("keytool.log").toFile())
            .start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.exists(keystore)).isTrue();

    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(keystore.toFile())) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    AtomicInteger requests = new AtomicInteger();
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .endpoint("https://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces")
            .time(new FakeTime())
            .build();
    try {
      ExportResult result = exporter.export(TestSpans.simpleTrace(2));

      assertThat(result.failure()).isEqualTo(ExportResult.Failure.PERMANENT);
      assertThat(result.rejectedSpans()).isEqualTo(2);
      assertThat(result.message()).contains("TLS");
      assertThat(requests.get()).isZero();
    } finally {
      exporter.shutdown();
      server.stop(0);
    }
  }
}
