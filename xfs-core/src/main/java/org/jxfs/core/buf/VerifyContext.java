// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.buf;

import org.jxfs.core.format.Geometry;

/** What verifiers need from the mount (bp->b_mount): the metadata UUID and the geometry (null while probing). */
public interface VerifyContext {
    byte[] metaUuid();

    Geometry geometry();
}
