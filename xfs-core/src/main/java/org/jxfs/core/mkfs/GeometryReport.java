// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mkfs;

/**
 * Ports xfs_report_geom (libfrog/fsgeom.c) as mkfs.xfs 6.1 calls it after libxfs_fs_geometry: the ten-line
 * geometry block, byte for byte, for an internal log and no realtime section.
 */
public final class GeometryReport {
    /** Attribute format version: attr2 is always on for v5. */
    static final int ATTR_VERSION = 2;
    /** Directory and log format versions on v5. */
    static final int DIR_VERSION = 2, LOG_VERSION = 2;
    /** BBSIZE: the log sector size reported without the SECTOR feature. */
    static final int BBSIZE = 512;

    private GeometryReport() {
    }

    /** The block, named after the plan's device. */
    public static String format(MkfsPlan p) {
        return format(p, p.name());
    }

    /** The block with {@code name} in the meta-data column, as mkfs.xfs prints its device argument. */
    public static String format(MkfsPlan p, String name) {
        int logsectsize = p.logsectsize() != 0 ? p.logsectsize() : BBSIZE;
        boolean isint = p.logstart() > 0;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("meta-data=%-22s isize=%-6d agcount=%d, agsize=%d blks%n", name, p.inodesize(),
                p.agcount(), p.agblocks()));
        sb.append(String.format("         =%-22s sectsz=%-5d attr=%d, projid32bit=%d%n", "", p.sectsize(),
                ATTR_VERSION, 1));
        sb.append(String.format("         =%-22s crc=%-8d finobt=%d, sparse=%d, rmapbt=%d%n", "", 1, bit(p.finobt()),
                bit(p.sparse()), bit(p.rmapbt())));
        sb.append(String.format("         =%-22s reflink=%-4d bigtime=%d inobtcount=%d nrext64=%d%n", "",
                bit(p.reflink()), bit(p.bigtime()), bit(p.inobtcount()), bit(p.nrext64())));
        sb.append(String.format("data     =%-22s bsize=%-6d blocks=%d, imaxpct=%d%n", "", p.blocksize(), p.dblocks(),
                p.imaxPct()));
        sb.append(String.format("         =%-22s sunit=%-6d swidth=%d blks%n", "", 0, 0));
        sb.append(String.format("naming   =version %-14d bsize=%-6d ascii-ci=%d, ftype=%d%n", DIR_VERSION,
                p.dirBlockSize(), 0, bit(p.ftype())));
        sb.append(String.format("log      =%-22s bsize=%-6d blocks=%d, version=%d%n",
                isint ? "internal log" : "external", p.blocksize(), p.logblocks(), LOG_VERSION));
        sb.append(String.format("         =%-22s sectsz=%-5d sunit=%d blks, lazy-count=%d%n", "", logsectsize,
                p.logsunit() / p.blocksize(), 1));
        sb.append(String.format("realtime =%-22s extsz=%-6d blocks=%d, rtextents=%d%n", "none",
                p.rextsize() * p.blocksize(), 0, 0));
        return sb.toString().replace(System.lineSeparator(), "\n");
    }

    private static int bit(boolean b) {
        return b ? 1 : 0;
    }
}
