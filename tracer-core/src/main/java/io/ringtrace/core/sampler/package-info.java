/*
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Samplers: which traces are recorded. Start at {@link io.ringtrace.core.sampler.Sampler}; the
 * consistency rule of the ratio sampler, the semantics of each sampler and the operation of the
 * remote sampler are described in {@code docs/sampling.md}.
 */
package io.ringtrace.core.sampler;
