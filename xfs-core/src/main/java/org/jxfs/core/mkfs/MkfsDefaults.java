// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mkfs;

/** Fixed values mkfs.xfs writes that no option changes. */
final class MkfsDefaults {
    /** XFS_DFL_RTEXTSIZE as mkfs applies it without a realtime device: sb_rextsize = 4096 bytes in blocks. */
    static final int RTEXTSIZE_BYTES = 4096;
    /** Bytes at the start of an image inspected for an existing filesystem or data before refusing without -f. */
    static final int SIGNATURE_PROBE_BYTES = 64 * 1024;

    private MkfsDefaults() {
    }
}
