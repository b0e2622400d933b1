// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.nio.file.Path;

/**
 * Service interface ({@link java.util.ServiceLoader}) through which the filesystem layer offers itself to
 * {@code jxfs io}: registered in {@code META-INF/services/org.jxfs.tools.io.IoTargetProvider} by the module that
 * implements it, so the tools do not depend on how the image is mounted.
 */
public interface IoTargetProvider {
    /** Mounts {@code image}; read-only when {@code readOnly}. */
    IoTarget mount(Path image, boolean readOnly) throws IoException;
}
