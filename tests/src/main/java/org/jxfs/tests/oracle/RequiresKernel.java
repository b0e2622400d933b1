// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.oracle;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test (or every test of the class) needs xfsprogs, root and a loop mount: skipped where unavailable,
 * failed under CI=true. See {@link Oracles#require(Requirement...)}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(OracleRequirementExtension.class)
public @interface RequiresKernel {
}
