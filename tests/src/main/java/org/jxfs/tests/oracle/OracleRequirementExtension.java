// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.oracle;

import java.lang.reflect.AnnotatedElement;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Behind {@link RequiresKernel} and {@link RequiresXfsprogs}: checks class-level annotations before
 * {@code @BeforeAll} (so no image is made for nothing) and method-level ones before each test.
 */
public final class OracleRequirementExtension implements BeforeAllCallback, BeforeEachCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getTestClass().ifPresent(c -> check(requirementsOfClass(c)));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Set<Requirement> needed = EnumSet.noneOf(Requirement.class);
    context.getTestClass().ifPresent(c -> needed.addAll(requirementsOfClass(c)));
    context.getTestMethod().ifPresent(m -> needed.addAll(requirementsOf(m)));
    check(needed);
  }

  private static void check(Set<Requirement> needed) {
    if (!needed.isEmpty()) {
      Oracles.require(needed.toArray(Requirement[]::new));
    }
  }

  /** The class's own annotations and those of its enclosing classes (for @Nested tests). */
  private static Set<Requirement> requirementsOfClass(Class<?> c) {
    Set<Requirement> r = EnumSet.noneOf(Requirement.class);
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      r.addAll(requirementsOf(k));
    }
    return r;
  }

  private static Set<Requirement> requirementsOf(AnnotatedElement e) {
    Set<Requirement> r = EnumSet.noneOf(Requirement.class);
    Optional<RequiresKernel> k = AnnotationSupport.findAnnotation(e, RequiresKernel.class);
    if (k.isPresent()) {
      r.add(Requirement.KERNEL);
    }
    if (AnnotationSupport.findAnnotation(e, RequiresXfsprogs.class).isPresent()) {
      r.add(Requirement.XFSPROGS);
    }
    return r;
  }
}
