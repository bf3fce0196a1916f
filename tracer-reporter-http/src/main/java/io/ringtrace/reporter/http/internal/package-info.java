/*
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Internal, not for public use: the wire encoders, gzip and the {@link java.util.ServiceLoader}
 * providers of the HTTP exporters. Public only so that benchmarks and the service loader can
 * reach them; anything here may change without notice.
 */
package io.ringtrace.reporter.http.internal;
