// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mkfs;

import java.util.UUID;

/**
 * What the user asked mkfs for (mkfs.xfs's struct cli_params, reduced to what jxfs supports). Sizes are bytes;
 * a null size or count means "let mkfs choose", as a zero field of cli_params does. The defaults are jxfs's
 * minimal feature set (crc, ftype), not mkfs.xfs's: finobt, sparse inodes, reflink, rmapbt, bigtime and
 * inobtcount start off.
 *
 * @param blockSize  -b size, or null for XFS_DFL_BLOCKSIZE_LOG (4096)
 * @param sectorSize -s size (512 unless given)
 * @param dataSize   -d size in bytes, or null for the whole device
 * @param agcount    -d agcount, or null
 * @param agsize     -d agsize in bytes, or null
 * @param inodeSize  -i size, or null for 512 (XFS_DINODE_DFL_CRC_LOG)
 * @param logSize    -l size in bytes, or null for the computed default
 * @param uuid       -m uuid, or null for a random one
 * @param label      -L, or null
 */
public record MkfsOptions(Integer blockSize, int sectorSize, Long dataSize, Integer agcount, Long agsize,
        Integer inodeSize, boolean sparse, Long logSize, boolean crc, boolean finobt, boolean reflink,
        boolean rmapbt, boolean bigtime, boolean inobtcount, boolean ftype, UUID uuid, String label,
        boolean force, boolean dryRun, boolean quiet) {

    /** XFS_MIN_SECTORSIZE: the default sector size. */
    public static final int DEFAULT_SECTOR_SIZE = 512;

    /** jxfs's defaults: the minimal feature set, everything else computed. */
    public static MkfsOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this value. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.blockSize = blockSize;
        b.sectorSize = sectorSize;
        b.dataSize = dataSize;
        b.agcount = agcount;
        b.agsize = agsize;
        b.inodeSize = inodeSize;
        b.sparse = sparse;
        b.logSize = logSize;
        b.crc = crc;
        b.finobt = finobt;
        b.reflink = reflink;
        b.rmapbt = rmapbt;
        b.bigtime = bigtime;
        b.inobtcount = inobtcount;
        b.ftype = ftype;
        b.uuid = uuid;
        b.label = label;
        b.force = force;
        b.dryRun = dryRun;
        b.quiet = quiet;
        return b;
    }

    /** Mutable builder; {@link #build()} makes the immutable value. */
    public static final class Builder {
        private Integer blockSize;
        private int sectorSize = DEFAULT_SECTOR_SIZE;
        private Long dataSize;
        private Integer agcount;
        private Long agsize;
        private Integer inodeSize;
        private boolean sparse;
        private Long logSize;
        private boolean crc = true;
        private boolean finobt;
        private boolean reflink;
        private boolean rmapbt;
        private boolean bigtime;
        private boolean inobtcount;
        private boolean ftype = true;
        private UUID uuid;
        private String label;
        private boolean force;
        private boolean dryRun;
        private boolean quiet;

        private Builder() {
        }

        public Builder blockSize(Integer v) { blockSize = v; return this; }
        public Builder sectorSize(int v) { sectorSize = v; return this; }
        public Builder dataSize(Long v) { dataSize = v; return this; }
        public Builder agcount(Integer v) { agcount = v; return this; }
        public Builder agsize(Long v) { agsize = v; return this; }
        public Builder inodeSize(Integer v) { inodeSize = v; return this; }
        public Builder sparse(boolean v) { sparse = v; return this; }
        public Builder logSize(Long v) { logSize = v; return this; }
        public Builder crc(boolean v) { crc = v; return this; }
        public Builder finobt(boolean v) { finobt = v; return this; }
        public Builder reflink(boolean v) { reflink = v; return this; }
        public Builder rmapbt(boolean v) { rmapbt = v; return this; }
        public Builder bigtime(boolean v) { bigtime = v; return this; }
        public Builder inobtcount(boolean v) { inobtcount = v; return this; }
        public Builder ftype(boolean v) { ftype = v; return this; }
        public Builder uuid(UUID v) { uuid = v; return this; }
        public Builder label(String v) { label = v; return this; }
        public Builder force(boolean v) { force = v; return this; }
        public Builder dryRun(boolean v) { dryRun = v; return this; }
        public Builder quiet(boolean v) { quiet = v; return this; }

        /** mkfs.xfs 6.1's default feature set: finobt, sparse, reflink, bigtime, inobtcount on, rmapbt off. */
        public Builder mkfsXfsDefaultFeatures() {
            return finobt(true).sparse(true).reflink(true).bigtime(true).inobtcount(true).rmapbt(false);
        }

        public MkfsOptions build() {
            return new MkfsOptions(blockSize, sectorSize, dataSize, agcount, agsize, inodeSize, sparse, logSize,
                    crc, finobt, reflink, rmapbt, bigtime, inobtcount, ftype, uuid, label, force, dryRun, quiet);
        }
    }
}
