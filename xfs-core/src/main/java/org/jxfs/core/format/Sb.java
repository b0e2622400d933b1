// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.jxfs.core.format.BigEndian.putU16;
import static org.jxfs.core.format.BigEndian.putU32;
import static org.jxfs.core.format.BigEndian.putU64;
import static org.jxfs.core.format.BigEndian.putU8;
import static org.jxfs.core.format.BigEndian.u16;
import static org.jxfs.core.format.BigEndian.u32;
import static org.jxfs.core.format.BigEndian.u64;
import static org.jxfs.core.format.BigEndian.u8;

import java.util.Arrays;

/**
 * struct xfs_dsb (xfs_format.h): the on-disk superblock, a flyweight over the first sector of each AG. The primary
 * (AG 0) is authoritative; the others are byte copies that xfs_repair uses to recover the geometry.
 */
public final class Sb {
    public static final int MAGIC = 0x58465342; // 'XFSB'
    /** sizeof(struct xfs_dsb). */
    public static final int SIZE = 264;
    /** XFSLABEL_MAX: bytes of sb_fname. */
    public static final int FNAME_LEN = 12;

    public static final int OFF_MAGICNUM = 0, OFF_BLOCKSIZE = 4, OFF_DBLOCKS = 8, OFF_RBLOCKS = 16,
            OFF_REXTENTS = 24, OFF_UUID = 32, OFF_LOGSTART = 48, OFF_ROOTINO = 56, OFF_RBMINO = 64,
            OFF_RSUMINO = 72, OFF_REXTSIZE = 80, OFF_AGBLOCKS = 84, OFF_AGCOUNT = 88, OFF_RBMBLOCKS = 92,
            OFF_LOGBLOCKS = 96, OFF_VERSIONNUM = 100, OFF_SECTSIZE = 102, OFF_INODESIZE = 104,
            OFF_INOPBLOCK = 106, OFF_FNAME = 108, OFF_BLOCKLOG = 120, OFF_SECTLOG = 121, OFF_INODELOG = 122,
            OFF_INOPBLOG = 123, OFF_AGBLKLOG = 124, OFF_REXTSLOG = 125, OFF_INPROGRESS = 126, OFF_IMAX_PCT = 127,
            OFF_ICOUNT = 128, OFF_IFREE = 136, OFF_FDBLOCKS = 144, OFF_FREXTENTS = 152, OFF_UQUOTINO = 160,
            OFF_GQUOTINO = 168, OFF_QFLAGS = 176, OFF_FLAGS = 178, OFF_SHARED_VN = 179, OFF_INOALIGNMT = 180,
            OFF_UNIT = 184, OFF_WIDTH = 188, OFF_DIRBLKLOG = 192, OFF_LOGSECTLOG = 193, OFF_LOGSECTSIZE = 194,
            OFF_LOGSUNIT = 196, OFF_FEATURES2 = 200, OFF_BAD_FEATURES2 = 204, OFF_FEATURES_COMPAT = 208,
            OFF_FEATURES_RO_COMPAT = 212, OFF_FEATURES_INCOMPAT = 216, OFF_FEATURES_LOG_INCOMPAT = 220,
            OFF_CRC = 224, OFF_SPINO_ALIGN = 228, OFF_PQUOTINO = 232, OFF_LSN = 240, OFF_META_UUID = 248;

    private final byte[] b;
    private final int base;

    public Sb(byte[] b, int base) {
        this.b = b;
        this.base = base;
    }

    public Sb(byte[] b) {
        this(b, 0);
    }

    public byte[] buffer() {
        return b;
    }

    public int base() {
        return base;
    }

    public long magicnum() { return u32(b, base + OFF_MAGICNUM); }
    public void setMagicnum(long v) { putU32(b, base + OFF_MAGICNUM, v); }
    public long blocksize() { return u32(b, base + OFF_BLOCKSIZE); }
    public void setBlocksize(long v) { putU32(b, base + OFF_BLOCKSIZE, v); }
    public long dblocks() { return u64(b, base + OFF_DBLOCKS); }
    public void setDblocks(long v) { putU64(b, base + OFF_DBLOCKS, v); }
    public long rblocks() { return u64(b, base + OFF_RBLOCKS); }
    public void setRblocks(long v) { putU64(b, base + OFF_RBLOCKS, v); }
    public long rextents() { return u64(b, base + OFF_REXTENTS); }
    public void setRextents(long v) { putU64(b, base + OFF_REXTENTS, v); }
    public byte[] uuid() { return Arrays.copyOfRange(b, base + OFF_UUID, base + OFF_UUID + 16); }
    public void setUuid(byte[] u) { System.arraycopy(u, 0, b, base + OFF_UUID, 16); }
    public long logstart() { return u64(b, base + OFF_LOGSTART); }
    public void setLogstart(long v) { putU64(b, base + OFF_LOGSTART, v); }
    public long rootino() { return u64(b, base + OFF_ROOTINO); }
    public void setRootino(long v) { putU64(b, base + OFF_ROOTINO, v); }
    public long rbmino() { return u64(b, base + OFF_RBMINO); }
    public void setRbmino(long v) { putU64(b, base + OFF_RBMINO, v); }
    public long rsumino() { return u64(b, base + OFF_RSUMINO); }
    public void setRsumino(long v) { putU64(b, base + OFF_RSUMINO, v); }
    public long rextsize() { return u32(b, base + OFF_REXTSIZE); }
    public void setRextsize(long v) { putU32(b, base + OFF_REXTSIZE, v); }
    public long agblocks() { return u32(b, base + OFF_AGBLOCKS); }
    public void setAgblocks(long v) { putU32(b, base + OFF_AGBLOCKS, v); }
    public long agcount() { return u32(b, base + OFF_AGCOUNT); }
    public void setAgcount(long v) { putU32(b, base + OFF_AGCOUNT, v); }
    public long rbmblocks() { return u32(b, base + OFF_RBMBLOCKS); }
    public void setRbmblocks(long v) { putU32(b, base + OFF_RBMBLOCKS, v); }
    public long logblocks() { return u32(b, base + OFF_LOGBLOCKS); }
    public void setLogblocks(long v) { putU32(b, base + OFF_LOGBLOCKS, v); }
    public int versionnum() { return u16(b, base + OFF_VERSIONNUM); }
    public void setVersionnum(int v) { putU16(b, base + OFF_VERSIONNUM, v); }
    public int sectsize() { return u16(b, base + OFF_SECTSIZE); }
    public void setSectsize(int v) { putU16(b, base + OFF_SECTSIZE, v); }
    public int inodesize() { return u16(b, base + OFF_INODESIZE); }
    public void setInodesize(int v) { putU16(b, base + OFF_INODESIZE, v); }
    public int inopblock() { return u16(b, base + OFF_INOPBLOCK); }
    public void setInopblock(int v) { putU16(b, base + OFF_INOPBLOCK, v); }

    /** sb_fname, the 12-byte label, without trailing NULs. */
    public byte[] fname() {
        int end = base + OFF_FNAME + FNAME_LEN;
        int n = base + OFF_FNAME;
        while (n < end && b[n] != 0) {
            n++;
        }
        return Arrays.copyOfRange(b, base + OFF_FNAME, n);
    }

    /** Sets the label, NUL-padded; at most {@link #FNAME_LEN} bytes. */
    public void setFname(byte[] label) {
        if (label.length > FNAME_LEN) {
            throw new IllegalArgumentException("label longer than " + FNAME_LEN + " bytes");
        }
        Arrays.fill(b, base + OFF_FNAME, base + OFF_FNAME + FNAME_LEN, (byte) 0);
        System.arraycopy(label, 0, b, base + OFF_FNAME, label.length);
    }

    public int blocklog() { return u8(b, base + OFF_BLOCKLOG); }
    public void setBlocklog(int v) { putU8(b, base + OFF_BLOCKLOG, v); }
    public int sectlog() { return u8(b, base + OFF_SECTLOG); }
    public void setSectlog(int v) { putU8(b, base + OFF_SECTLOG, v); }
    public int inodelog() { return u8(b, base + OFF_INODELOG); }
    public void setInodelog(int v) { putU8(b, base + OFF_INODELOG, v); }
    public int inopblog() { return u8(b, base + OFF_INOPBLOG); }
    public void setInopblog(int v) { putU8(b, base + OFF_INOPBLOG, v); }
    public int agblklog() { return u8(b, base + OFF_AGBLKLOG); }
    public void setAgblklog(int v) { putU8(b, base + OFF_AGBLKLOG, v); }
    public int rextslog() { return u8(b, base + OFF_REXTSLOG); }
    public void setRextslog(int v) { putU8(b, base + OFF_REXTSLOG, v); }
    public int inprogress() { return u8(b, base + OFF_INPROGRESS); }
    public void setInprogress(int v) { putU8(b, base + OFF_INPROGRESS, v); }
    public int imaxPct() { return u8(b, base + OFF_IMAX_PCT); }
    public void setImaxPct(int v) { putU8(b, base + OFF_IMAX_PCT, v); }
    public long icount() { return u64(b, base + OFF_ICOUNT); }
    public void setIcount(long v) { putU64(b, base + OFF_ICOUNT, v); }
    public long ifree() { return u64(b, base + OFF_IFREE); }
    public void setIfree(long v) { putU64(b, base + OFF_IFREE, v); }
    public long fdblocks() { return u64(b, base + OFF_FDBLOCKS); }
    public void setFdblocks(long v) { putU64(b, base + OFF_FDBLOCKS, v); }
    public long frextents() { return u64(b, base + OFF_FREXTENTS); }
    public void setFrextents(long v) { putU64(b, base + OFF_FREXTENTS, v); }
    public long uquotino() { return u64(b, base + OFF_UQUOTINO); }
    public void setUquotino(long v) { putU64(b, base + OFF_UQUOTINO, v); }
    public long gquotino() { return u64(b, base + OFF_GQUOTINO); }
    public void setGquotino(long v) { putU64(b, base + OFF_GQUOTINO, v); }
    public int qflags() { return u16(b, base + OFF_QFLAGS); }
    public void setQflags(int v) { putU16(b, base + OFF_QFLAGS, v); }
    /** XFS_SBF_READONLY: sb_flags' one bit, "only read-only mounts allowed". */
    public static final int SBF_READONLY = 0x01;

    public int flags() { return u8(b, base + OFF_FLAGS); }
    public void setFlags(int v) { putU8(b, base + OFF_FLAGS, v); }
    public int sharedVn() { return u8(b, base + OFF_SHARED_VN); }
    public void setSharedVn(int v) { putU8(b, base + OFF_SHARED_VN, v); }
    public long inoalignmt() { return u32(b, base + OFF_INOALIGNMT); }
    public void setInoalignmt(long v) { putU32(b, base + OFF_INOALIGNMT, v); }
    public long unit() { return u32(b, base + OFF_UNIT); }
    public void setUnit(long v) { putU32(b, base + OFF_UNIT, v); }
    public long width() { return u32(b, base + OFF_WIDTH); }
    public void setWidth(long v) { putU32(b, base + OFF_WIDTH, v); }
    public int dirblklog() { return u8(b, base + OFF_DIRBLKLOG); }
    public void setDirblklog(int v) { putU8(b, base + OFF_DIRBLKLOG, v); }
    public int logsectlog() { return u8(b, base + OFF_LOGSECTLOG); }
    public void setLogsectlog(int v) { putU8(b, base + OFF_LOGSECTLOG, v); }
    public int logsectsize() { return u16(b, base + OFF_LOGSECTSIZE); }
    public void setLogsectsize(int v) { putU16(b, base + OFF_LOGSECTSIZE, v); }
    public long logsunit() { return u32(b, base + OFF_LOGSUNIT); }
    public void setLogsunit(long v) { putU32(b, base + OFF_LOGSUNIT, v); }
    public long features2() { return u32(b, base + OFF_FEATURES2); }
    public void setFeatures2(long v) { putU32(b, base + OFF_FEATURES2, v); }
    public long badFeatures2() { return u32(b, base + OFF_BAD_FEATURES2); }
    public void setBadFeatures2(long v) { putU32(b, base + OFF_BAD_FEATURES2, v); }
    public long featuresCompat() { return u32(b, base + OFF_FEATURES_COMPAT); }
    public void setFeaturesCompat(long v) { putU32(b, base + OFF_FEATURES_COMPAT, v); }
    public long featuresRoCompat() { return u32(b, base + OFF_FEATURES_RO_COMPAT); }
    public void setFeaturesRoCompat(long v) { putU32(b, base + OFF_FEATURES_RO_COMPAT, v); }
    public long featuresIncompat() { return u32(b, base + OFF_FEATURES_INCOMPAT); }
    public void setFeaturesIncompat(long v) { putU32(b, base + OFF_FEATURES_INCOMPAT, v); }
    public long featuresLogIncompat() { return u32(b, base + OFF_FEATURES_LOG_INCOMPAT); }
    public void setFeaturesLogIncompat(long v) { putU32(b, base + OFF_FEATURES_LOG_INCOMPAT, v); }
    /** The raw little-endian CRC field. */
    public long crc() { return BigEndian.le32(b, base + OFF_CRC); }
    public long spinoAlign() { return u32(b, base + OFF_SPINO_ALIGN); }
    public void setSpinoAlign(long v) { putU32(b, base + OFF_SPINO_ALIGN, v); }
    public long pquotino() { return u64(b, base + OFF_PQUOTINO); }
    public void setPquotino(long v) { putU64(b, base + OFF_PQUOTINO, v); }
    public long lsn() { return u64(b, base + OFF_LSN); }
    public void setLsn(long v) { putU64(b, base + OFF_LSN, v); }
    public byte[] metaUuid() { return Arrays.copyOfRange(b, base + OFF_META_UUID, base + OFF_META_UUID + 16); }
    public void setMetaUuid(byte[] u) { System.arraycopy(u, 0, b, base + OFF_META_UUID, 16); }

    /** XFS_SB_VERSION_NUM(sbp) == XFS_SB_VERSION_5. */
    public boolean isV5() {
        return (versionnum() & Features.VERSION_NUMBITS) == Features.VERSION_5;
    }

    /**
     * The uuid metadata is stamped with (xfs_sb_from_disk): sb_meta_uuid when the META_UUID incompat feature is
     * set (the user changed sb_uuid), otherwise sb_uuid.
     */
    public byte[] effectiveMetaUuid() {
        return (featuresIncompat() & Features.INCOMPAT_META_UUID) != 0 ? metaUuid() : uuid();
    }

    /** Ports xfs_sb_has_mismatched_features2: an old kernel bug wrote features2 at the bad_features2 offset. */
    public boolean hasMismatchedFeatures2() {
        return features2() != badFeatures2();
    }

    /** The mount's correction of a features2 mismatch (xfs_mountfs): both words become their union. */
    public void fixFeatures2() {
        long f = features2() | badFeatures2();
        setFeatures2(f);
        setBadFeatures2(f);
    }

    /** Recomputes the CRC over the sector ({@code sectsize} bytes from base), as xfs_sb_write_verify does. */
    public void updateCrc(int sectsize) {
        Cksum.update(b, base, sectsize, OFF_CRC);
    }

    public boolean verifyCrc(int sectsize) {
        return Cksum.verify(b, base, sectsize, OFF_CRC);
    }

    /** The mount geometry this superblock describes (the m_sb part of xfs_mount that the unit conversions use). */
    public Geometry toGeometry() {
        return new Geometry((int) blocksize(), sectsize(), inodesize(), agblocks(), (int) agcount(), dblocks(),
                logstart(), logblocks(), (int) inoalignmt(), dirblklog());
    }
}
