// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import org.jxfs.core.buf.BufOps;
import org.jxfs.core.buf.VerifyContext;
import org.jxfs.core.buf.XfsBuf;

/**
 * xfs_sb_buf_ops: the superblock verifier. Ports xfs_validate_sb_common and the V5 part of xfs_validate_sb_read.
 * The checks are the kernel's ("stolen directly from xfs_repair"), reported one by one so the message names the
 * field. Feature policy (which ro_compat/log_incompat features jxfs maintains) belongs to mount, not here; only
 * incompat bits the format does not define fail, as the kernel refuses them.
 */
public final class SbOps implements BufOps {
    public static final SbOps INSTANCE = new SbOps();

    public static final int MIN_BLOCKSIZE_LOG = 9, MAX_BLOCKSIZE_LOG = 16;
    public static final int MIN_SECTORSIZE_LOG = 9, MAX_SECTORSIZE_LOG = 15;
    public static final int DINODE_MIN_LOG = 8, DINODE_MAX_LOG = 11;
    /** XFS_MIN_CRC_BLOCKSIZE. */
    public static final int MIN_CRC_BLOCKSIZE = 1024;
    /** XFS_MIN_AG_BLOCKS. */
    public static final long MIN_AG_BLOCKS = 64;
    /** XFS_MIN_AG_BYTES, XFS_MAX_AG_BYTES. */
    public static final long MIN_AG_BYTES = 1L << 24, MAX_AG_BYTES = 1L << 40;
    /** XFS_MIN_RTEXTSIZE, XFS_MAX_RTEXTSIZE. */
    public static final long MIN_RTEXTSIZE = 4096, MAX_RTEXTSIZE = 1L << 30;
    /** XFS_MAX_LOG_BLOCKS, XFS_MAX_LOG_BYTES. */
    public static final long MAX_LOG_BLOCKS = 1024 * 1024, MAX_LOG_BYTES = (2L << 30) - (10L << 20);
    /** XLOG_MAX_RECORD_BSIZE. */
    public static final long LOG_MAX_RECORD_BSIZE = 256 * 1024;
    /** XFS_OQUOTA_ENFD | XFS_OQUOTA_CHKD: V4-only quota flags. */
    public static final int OQUOTA_FLAGS = 0x0010 | 0x0020;

    private SbOps() {
    }

    @Override
    public String name() {
        return "xfs_sb";
    }

    @Override
    public int crcOffset() {
        return Sb.OFF_CRC;
    }

    @Override
    public int lsnOffset() {
        return Sb.OFF_LSN;
    }

    /** The superblock is read before the log is set up (xfs_validate_sb_write checks it on write only). */
    @Override
    public boolean checksLsnOnRead() {
        return false;
    }

    @Override
    public String verifyStruct(XfsBuf bp, VerifyContext ctx) {
        return verify(new Sb(bp.data()));
    }

    /** Ports xfs_validate_sb_common + xfs_validate_sb_read: null when sound, else the first failed check. */
    public static String verify(Sb sb) {
        if (sb.magicnum() != (Sb.MAGIC & 0xffffffffL)) {
            return "bad magic 0x" + Long.toHexString(sb.magicnum());
        }
        if (!sb.isV5()) {
            return "sb_versionnum 0x" + Integer.toHexString(sb.versionnum()) + " is not V5 (V4 is not supported)";
        }
        String why = checkGeometry(sb);
        if (why == null) {
            why = checkV5(sb);
        }
        return why;
    }

    private static String checkGeometry(Sb sb) {
        long blocksize = sb.blocksize();
        int blocklog = sb.blocklog();
        if (blocklog < MIN_BLOCKSIZE_LOG || blocklog > MAX_BLOCKSIZE_LOG || blocksize != 1L << blocklog) {
            return "sb_blocksize " + blocksize + " does not match sb_blocklog " + blocklog;
        }
        if (blocksize < MIN_CRC_BLOCKSIZE) {
            return "sb_blocksize " + blocksize + " below the V5 minimum " + MIN_CRC_BLOCKSIZE;
        }
        int sectlog = sb.sectlog();
        if (sectlog < MIN_SECTORSIZE_LOG || sectlog > MAX_SECTORSIZE_LOG || sb.sectsize() != 1 << sectlog) {
            return "sb_sectsize " + sb.sectsize() + " does not match sb_sectlog " + sectlog;
        }
        if (sb.sectsize() > blocksize) {
            return "sb_sectsize " + sb.sectsize() + " larger than sb_blocksize " + blocksize;
        }
        if (sb.dirblklog() + blocklog > MAX_BLOCKSIZE_LOG) {
            return "sb_dirblklog " + sb.dirblklog() + " too large";
        }
        int inodelog = sb.inodelog();
        if (inodelog < DINODE_MIN_LOG || inodelog > DINODE_MAX_LOG || sb.inodesize() != 1 << inodelog) {
            return "sb_inodesize " + sb.inodesize() + " does not match sb_inodelog " + inodelog;
        }
        if (sb.inopblock() != blocksize / sb.inodesize()) {
            return "sb_inopblock " + sb.inopblock() + " is not sb_blocksize / sb_inodesize";
        }
        if (blocklog - inodelog != sb.inopblog()) {
            return "sb_inopblog " + sb.inopblog() + " is not sb_blocklog - sb_inodelog";
        }
        long agblocks = sb.agblocks();
        long agbytes = agblocks << blocklog;
        if (agblocks < MIN_AG_BLOCKS || agbytes < MIN_AG_BYTES || agbytes > MAX_AG_BYTES) {
            return "sb_agblocks " + agblocks + " out of range";
        }
        if (sb.agblklog() != Geometry.log2Roundup(agblocks)) {
            return "sb_agblklog " + sb.agblklog() + " does not match sb_agblocks " + agblocks;
        }
        long agcount = sb.agcount();
        if (agcount == 0) {
            return "sb_agcount is 0";
        }
        long dblocks = sb.dblocks();
        if (dblocks == 0 || Long.compareUnsigned(dblocks, agcount * agblocks) > 0
                || Long.compareUnsigned(dblocks, (agcount - 1) * agblocks + MIN_AG_BLOCKS) < 0) {
            return "sb_dblocks " + dblocks + " does not match " + agcount + " AGs of " + agblocks + " blocks";
        }
        long rtext = sb.rextsize() * blocksize;
        if (rtext > MAX_RTEXTSIZE || rtext < MIN_RTEXTSIZE) {
            return "sb_rextsize " + sb.rextsize() + " out of range";
        }
        String rt = checkRealtime(sb);
        if (rt != null) {
            return rt;
        }
        int logsectlog = sb.logsectlog();
        if (logsectlog != 0 && (logsectlog < MIN_SECTORSIZE_LOG || logsectlog > MAX_SECTORSIZE_LOG
                || sb.logsectsize() != 1 << logsectlog)) {
            return "sb_logsectlog " + logsectlog + " / sb_logsectsize " + sb.logsectsize() + " inconsistent";
        }
        // xfs_validate_sb_common: without the sector feature bit both log sector fields are 0; with it they match
        if ((sb.versionnum() & Features.VERSION_SECTORBIT) == 0
                ? sb.logsectsize() != 0 || logsectlog != 0 : sb.logsectsize() != 1 << logsectlog) {
            return "sb_logsectsize " + sb.logsectsize() + " / sb_logsectlog " + logsectlog + " do not match the "
                    + ((sb.versionnum() & Features.VERSION_SECTORBIT) == 0 ? "clear" : "set") + " sector feature bit";
        }
        if (sb.imaxPct() > 100) {
            return "sb_imax_pct " + sb.imaxPct() + " above 100";
        }
        if (sb.sharedVn() != 0) {
            return "sb_shared_vn " + sb.sharedVn() + " is not 0";
        }
        if (sb.inprogress() != 0) {
            return "sb_inprogress set: mkfs did not finish";
        }
        return checkLogAndAlign(sb);
    }

    /**
     * xfs_validate_sb_common's realtime part: without a realtime device every realtime field is 0; with one, the
     * extent count, its log and the bitmap size follow from sb_rblocks and sb_rextsize.
     */
    private static String checkRealtime(Sb sb) {
        if (sb.rblocks() == 0) {
            if (sb.rextents() != 0 || sb.rbmblocks() != 0 || sb.rextslog() != 0 || sb.frextents() != 0) {
                return "realtime fields set without a realtime device (sb_rextents " + Long.toUnsignedString(
                        sb.rextents()) + ", sb_rbmblocks " + sb.rbmblocks() + ", sb_rextslog " + sb.rextslog()
                        + ", sb_frextents " + Long.toUnsignedString(sb.frextents()) + ")";
            }
            return null;
        }
        long rexts = Long.divideUnsigned(sb.rblocks(), sb.rextsize());
        long bitsPerBlock = 8L * sb.blocksize();
        long rbmblocks = Long.divideUnsigned(sb.rextents() + bitsPerBlock - 1, bitsPerBlock);
        int rextslog = rexts == 0 ? 0 : 63 - Long.numberOfLeadingZeros(rexts);
        if (sb.rextents() != rexts || sb.rextslog() != rextslog || sb.rbmblocks() != rbmblocks) {
            return "realtime geometry inconsistent: sb_rblocks " + Long.toUnsignedString(sb.rblocks())
                    + " gives " + rexts + " extents, log " + rextslog + ", " + rbmblocks + " bitmap blocks";
        }
        return null;
    }

    private static String checkLogAndAlign(Sb sb) {
        long logblocks = sb.logblocks();
        if (logblocks == 0 || logblocks > MAX_LOG_BLOCKS || logblocks * sb.blocksize() > MAX_LOG_BYTES) {
            return "sb_logblocks " + logblocks + " out of range";
        }
        if (sb.logsunit() > LOG_MAX_RECORD_BSIZE) {
            return "sb_logsunit " + sb.logsunit() + " too large";
        }
        if (sb.logstart() != 0) {
            long agno = sb.logstart() >>> sb.agblklog();
            long agbno = sb.logstart() & ((1L << sb.agblklog()) - 1);
            if (agno >= sb.agcount() || agbno + logblocks > sb.agblocks()) {
                return "sb_logstart 0x" + Long.toHexString(sb.logstart()) + " outside the data device";
            }
        }
        if (sb.unit() != 0) {
            if ((sb.versionnum() & Features.VERSION_DALIGNBIT) == 0 || sb.unit() > sb.width()
                    || sb.width() % sb.unit() != 0) {
                return "stripe unit " + sb.unit() + " / width " + sb.width() + " inconsistent";
            }
        } else if ((sb.versionnum() & Features.VERSION_DALIGNBIT) != 0) {
            return "stripe alignment feature set without sb_unit";
        } else if (sb.width() != 0) {
            return "sb_width " + sb.width() + " without sb_unit";
        }
        boolean align = (sb.versionnum() & Features.VERSION_ALIGNBIT) != 0;
        long inoalignmt = sb.inoalignmt();
        if (align ? inoalignmt == 0 || inoalignmt >= sb.agblocks() || Long.bitCount(inoalignmt) != 1
                : inoalignmt != 0) {
            return "sb_inoalignmt " + inoalignmt + " invalid" + (align ? "" : " without the align feature");
        }
        return null;
    }

    private static String checkV5(Sb sb) {
        if ((sb.qflags() & OQUOTA_FLAGS) != 0) {
            return "V4 quota flags 0x" + Integer.toHexString(sb.qflags()) + " on a V5 superblock";
        }
        long incompat = sb.featuresIncompat();
        String unknown = Features.unsupported(Features.Word.INCOMPAT, incompat, Features.INCOMPAT_ALL);
        if (unknown != null) {
            return "unknown incompatible features: " + unknown;
        }
        if ((incompat & Features.INCOMPAT_SPINODES) != 0) {
            long align = (long) Geometry.INODES_PER_CHUNK * sb.inodesize() >> sb.blocklog();
            if (sb.inoalignmt() != align) {
                return "sb_inoalignmt " + sb.inoalignmt() + " must match the chunk size (" + align
                        + ") for sparse inodes";
            }
            // 0 is accepted since the kernel's 6.13 relaxation: sparse chunks then align as full ones
            long spino = sb.spinoAlign();
            if (spino != 0 && (spino > sb.inoalignmt() || sb.inoalignmt() % spino != 0)) {
                return "sb_spino_align " + spino + " is invalid, must be an integer factor of sb_inoalignmt "
                        + sb.inoalignmt();
            }
        } else if (sb.spinoAlign() != 0) {
            return "sb_spino_align " + sb.spinoAlign() + " should be zero without sparse inodes";
        }
        // xfs_sb_has_mismatched_features2 is not a corruption: mount folds bad_features2 into features2.
        return null;
    }
}
