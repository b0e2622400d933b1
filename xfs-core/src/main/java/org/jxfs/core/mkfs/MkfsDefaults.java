// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mkfs;

/** Fixed values mkfs.xfs writes that no option changes. */
final class MkfsDefaults {
    /** Bytes at the start of an image inspected for an existing filesystem or data before refusing without -f. */
    static final int SIGNATURE_PROBE_BYTES = 64 * 1024;

    private MkfsDefaults() {
    }
}
