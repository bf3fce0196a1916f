/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * A logback logger of its own whose lines, formatted by a real pattern layout, land in memory:
 * what an application's log file would show.
 */
final class LogCapture implements AutoCloseable {

  private static final AtomicInteger NEXT = new AtomicInteger();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Logger logger;
  private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();

  /** Lines formatted with {@code pattern}, e.g. {@code "%X{traceId} %msg"}. */
  LogCapture(String pattern) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(pattern);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setImmediateFlush(true);
    appender.setOutputStream(out);
    appender.start();
    logger = context.getLogger(LogCapture.class.getName() + "." + NEXT.incrementAndGet());
    logger.setAdditive(false); // not on the console
    logger.setLevel(Level.INFO);
    logger.addAppender(appender);
  }

  /** Logs {@code message} at INFO on this thread and answers the line the layout wrote for it. */
  synchronized String line(String message) {
    out.reset();
    logger.info(message);
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
