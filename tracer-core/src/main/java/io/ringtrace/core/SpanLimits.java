/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

/**
 * Bounds on what one span records. Exceeding a limit never throws: the extra item is dropped and
 * counted in the {@link FinishedSpan} (too-long values are truncated). Immutable; build with
 * {@link #builder()}.
 */
public final class SpanLimits {

  /** Default for {@link Builder#maxTags}. */
  public static final int DEFAULT_MAX_TAGS = 128;
  /** Default for {@link Builder#maxLogs}. */
  public static final int DEFAULT_MAX_LOGS = 128;
  /** Default for {@link Builder#maxFieldsPerLog}. */
  public static final int DEFAULT_MAX_FIELDS_PER_LOG = 32;
  /** Default for {@link Builder#maxReferences}. */
  public static final int DEFAULT_MAX_REFERENCES = 32;
  /** Default for {@link Builder#maxValueLength}, in chars. */
  public static final int DEFAULT_MAX_VALUE_LENGTH = 4096;
  /** Default for {@link Builder#maxBaggageItems}. */
  public static final int DEFAULT_MAX_BAGGAGE_ITEMS = 64;
  /** Default for {@link Builder#maxBaggageChars}: keys and values of all items together. */
  public static final int DEFAULT_MAX_BAGGAGE_CHARS = 8192;

  private static final SpanLimits DEFAULT = builder().build();

  final int maxTags;
  final int maxLogs;
  final int maxFieldsPerLog;
  final int maxReferences;
  final int maxValueLength;
  final int maxBaggageItems;
  final int maxBaggageChars;

  private SpanLimits(Builder b) {
    this.maxTags = b.maxTags;
    this.maxLogs = b.maxLogs;
    this.maxFieldsPerLog = b.maxFieldsPerLog;
    this.maxReferences = b.maxReferences;
    this.maxValueLength = b.maxValueLength;
    this.maxBaggageItems = b.maxBaggageItems;
    this.maxBaggageChars = b.maxBaggageChars;
  }

  /** The defaults. */
  public static SpanLimits defaults() {
    return DEFAULT;
  }

  public static Builder builder() {
    return new Builder();
  }

  public int maxTags() {
    return maxTags;
  }

  public int maxLogs() {
    return maxLogs;
  }

  public int maxFieldsPerLog() {
    return maxFieldsPerLog;
  }

  public int maxReferences() {
    return maxReferences;
  }

  public int maxValueLength() {
    return maxValueLength;
  }

  public int maxBaggageItems() {
    return maxBaggageItems;
  }

  public int maxBaggageChars() {
    return maxBaggageChars;
  }

  @Override
  public String toString() {
    return "SpanLimits{tags="
        + maxTags
        + ", logs="
        + maxLogs
        + ", fieldsPerLog="
        + maxFieldsPerLog
        + ", references="
        + maxReferences
        + ", valueLength="
        + maxValueLength
        + ", baggageItems="
        + maxBaggageItems
        + ", baggageChars="
        + maxBaggageChars
        + '}';
  }

  /** Builds {@link SpanLimits}; every value must be zero or more. */
  public static final class Builder {
    private int maxTags = DEFAULT_MAX_TAGS;
    private int maxLogs = DEFAULT_MAX_LOGS;
    private int maxFieldsPerLog = DEFAULT_MAX_FIELDS_PER_LOG;
    private int maxReferences = DEFAULT_MAX_REFERENCES;
    private int maxValueLength = DEFAULT_MAX_VALUE_LENGTH;
    private int maxBaggageItems = DEFAULT_MAX_BAGGAGE_ITEMS;
    private int maxBaggageChars = DEFAULT_MAX_BAGGAGE_CHARS;

    Builder() {}

    /** Tags per span; default {@value SpanLimits#DEFAULT_MAX_TAGS}. */
    public Builder maxTags(int value) {
      this.maxTags = checkNotNegative("maxTags", value);
      return this;
    }

    /** Logs per span; default {@value SpanLimits#DEFAULT_MAX_LOGS}. */
    public Builder maxLogs(int value) {
      this.maxLogs = checkNotNegative("maxLogs", value);
      return this;
    }

    /** Fields per log; default {@value SpanLimits#DEFAULT_MAX_FIELDS_PER_LOG}. */
    public Builder maxFieldsPerLog(int value) {
      this.maxFieldsPerLog = checkNotNegative("maxFieldsPerLog", value);
      return this;
    }

    /** References per span, the parent included; default {@value SpanLimits#DEFAULT_MAX_REFERENCES}. */
    public Builder maxReferences(int value) {
      this.maxReferences = checkNotNegative("maxReferences", value);
      return this;
    }

    /**
     * Length in chars of a string tag value, log field value or baggage value; longer ones are
     * truncated. Default {@value SpanLimits#DEFAULT_MAX_VALUE_LENGTH}.
     */
    public Builder maxValueLength(int value) {
      this.maxValueLength = checkNotNegative("maxValueLength", value);
      return this;
    }

    /** Baggage items per context; default {@value SpanLimits#DEFAULT_MAX_BAGGAGE_ITEMS}. */
    public Builder maxBaggageItems(int value) {
      this.maxBaggageItems = checkNotNegative("maxBaggageItems", value);
      return this;
    }

    /**
     * Chars of all baggage keys and values of a context together; an item that would pass it is
     * refused. Default {@value SpanLimits#DEFAULT_MAX_BAGGAGE_CHARS}.
     */
    public Builder maxBaggageChars(int value) {
      this.maxBaggageChars = checkNotNegative("maxBaggageChars", value);
      return this;
    }

    public SpanLimits build() {
      return new SpanLimits(this);
    }

    private static int checkNotNegative(String name, int value) {
      if (value < 0) throw new IllegalArgumentException(name + " must be >= 0, was " + value);
      return value;
    }
  }
}
