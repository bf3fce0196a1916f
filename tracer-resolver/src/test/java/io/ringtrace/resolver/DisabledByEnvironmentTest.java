/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentracing.contrib.tracerresolver.TracerResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Runs in the surefire execution that starts its JVM with {@code TRACERRESOLVER_DISABLED=true}
 * (see this module's pom); skipped elsewhere.
 */
@EnabledIfEnvironmentVariable(named = "TRACERRESOLVER_DISABLED", matches = "true")
class DisabledByEnvironmentTest {

  @Test
  void tracerresolverDisabledEnvironmentVariable_resolvesNothing() {
    assertThat(TracerResolver.resolveTracer()).isNull();
  }
}
