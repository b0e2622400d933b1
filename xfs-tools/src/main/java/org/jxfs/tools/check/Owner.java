// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.check;

/** Who may own a filesystem block, as xfs_repair's block map (incore.h XR_E_*) tells them apart. */
enum Owner {
    FREE("free space"),
    AG_HEADERS("AG headers"),
    AGFL("the AGFL"),
    BNOBT("bnobt block"),
    CNTBT("cntbt block"),
    INOBT("inobt block"),
    FINOBT("finobt block"),
    REFCOUNTBT("refcountbt block"),
    RMAPBT("rmapbt block"),
    LOG("internal log"),
    INODES("inode chunk"),
    DATA("file data"),
    BMBT("bmbt block");

    private final String text;

    Owner(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }
}
