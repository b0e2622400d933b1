// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.xfs;

import java.nio.file.Path;
import org.jxfs.core.XfsException;
import org.jxfs.fs.Xfs;
import org.jxfs.tools.io.IoException;
import org.jxfs.tools.io.IoTarget;
import org.jxfs.tools.io.IoTargetProvider;

/** The jxfs filesystem layer ({@link Xfs}) offered to {@code jxfs io}: registered in META-INF/services. */
public final class XfsTargetProvider implements IoTargetProvider {
    @Override
    public IoTarget mount(Path image, boolean readOnly) throws IoException {
        try {
            // -r: the image itself is opened read-only, so io -r needs no write permission and writes nothing
            return new XfsTarget(readOnly ? Xfs.openReadOnly(image) : Xfs.open(image), readOnly);
        } catch (XfsException e) {
            // Keep the mount's own sentence (which structure is corrupt, which feature is refused, a dirty log).
            throw new IoException(XfsErrno.errno(e), e.getMessage(), e);
        }
    }
}
