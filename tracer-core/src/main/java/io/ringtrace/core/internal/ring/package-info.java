/*
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The bounded lock-free queue between application threads and the reporter thread. Internal,
 * not for public use.
 *
 * <h2>Naming of accessors</h2>
 *
 * Every access to a field that more than one thread touches goes through an accessor whose prefix
 * says which memory ordering it uses, in the manner of JCTools:
 *
 * <ul>
 *   <li>{@code lp} / {@code sp}: plain load / store. No ordering; only for fields owned by the
 *       current thread, or where a later release store publishes the value.
 *   <li>{@code lv}: volatile load (at least acquire): no later load or store moves before it.
 *   <li>{@code la}: acquire load ({@code VarHandle.getAcquire}): no later load or store moves
 *       before it, without the full volatile fence.
 *   <li>{@code so}: ordered (release) store ({@code VarHandle.setRelease}, the old {@code
 *       lazySet}): no earlier load or store moves after it; it pairs with an acquire or volatile
 *       load of the same field on another thread, which then sees everything written before it.
 *   <li>{@code cas}: compare-and-set with volatile semantics: a full fence.
 * </ul>
 *
 * <p>Each field's declaration says which thread writes it, which threads read it, and which
 * release/acquire pair publishes what through it. A NOTE marks each benign race.
 */
package io.ringtrace.core.internal.ring;
