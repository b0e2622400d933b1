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
 * struct xfs_dinode (xfs_format.h), version 3 only: a flyweight over one inode inside an inode cluster buffer. The
 * 176-byte core is followed by the data fork and, from {@code forkoff * 8} bytes into the literal area, the attr
 * fork. Timestamps are (u32 seconds, u32 nanoseconds) unless the inode has the bigtime flag, when the same 8
 * bytes are one u64 of nanoseconds; both views are provided.
 */
public final class Dinode {
    public static final int MAGIC = 0x494e; // 'IN'
    public static final int VERSION = 3;
    /** sizeof(struct xfs_dinode) for v3: xfs_dinode_size(3), where the data fork starts. */
    public static final int CORE_SIZE = 176;

    public static final int OFF_MAGIC = 0, OFF_MODE = 2, OFF_VERSION = 4, OFF_FORMAT = 5, OFF_ONLINK = 6,
            OFF_UID = 8, OFF_GID = 12, OFF_NLINK = 16, OFF_PROJID_LO = 20, OFF_PROJID_HI = 22,
            OFF_BIG_NEXTENTS = 24, OFF_V3_PAD = 24, OFF_FLUSHITER = 30, OFF_ATIME = 32, OFF_MTIME = 40,
            OFF_CTIME = 48, OFF_SIZE = 56, OFF_NBLOCKS = 64, OFF_EXTSIZE = 72, OFF_NEXTENTS = 76,
            OFF_BIG_ANEXTENTS = 76, OFF_ANEXTENTS = 80, OFF_NREXT64_PAD = 80, OFF_FORKOFF = 82, OFF_AFORMAT = 83,
            OFF_DMEVMASK = 84, OFF_DMSTATE = 88, OFF_FLAGS = 90, OFF_GEN = 92, OFF_NEXT_UNLINKED = 96,
            OFF_CRC = 100, OFF_CHANGECOUNT = 104, OFF_LSN = 112, OFF_FLAGS2 = 120, OFF_COWEXTSIZE = 128,
            OFF_PAD2 = 132, OFF_CRTIME = 144, OFF_INO = 152, OFF_UUID = 160;

    // di_format / di_aformat (enum xfs_dinode_fmt)
    public static final int FMT_DEV = 0, FMT_LOCAL = 1, FMT_EXTENTS = 2, FMT_BTREE = 3, FMT_UUID = 4;

    // di_flags (XFS_DIFLAG_*)
    public static final int DIFLAG_REALTIME = 0x1, DIFLAG_PREALLOC = 0x2, DIFLAG_NEWRTBM = 0x4,
            DIFLAG_IMMUTABLE = 0x8, DIFLAG_APPEND = 0x10, DIFLAG_SYNC = 0x20, DIFLAG_NOATIME = 0x40,
            DIFLAG_NODUMP = 0x80, DIFLAG_RTINHERIT = 0x100, DIFLAG_PROJINHERIT = 0x200,
            DIFLAG_NOSYMLINKS = 0x400, DIFLAG_EXTSIZE = 0x800, DIFLAG_EXTSZINHERIT = 0x1000,
            DIFLAG_NODEFRAG = 0x2000, DIFLAG_FILESTREAM = 0x4000;

    // di_flags2 (XFS_DIFLAG2_*)
    public static final long DIFLAG2_DAX = 0x1, DIFLAG2_REFLINK = 0x2, DIFLAG2_COWEXTSIZE = 0x4,
            DIFLAG2_BIGTIME = 0x8, DIFLAG2_NREXT64 = 0x10, DIFLAG2_METADATA = 0x20;

    // di_mode file types (octal, as in stat.h)
    public static final int S_IFMT = 0170000, S_IFSOCK = 0140000, S_IFLNK = 0120000, S_IFREG = 0100000,
            S_IFBLK = 060000, S_IFDIR = 040000, S_IFCHR = 020000, S_IFIFO = 010000;
    /** The set-user-ID and set-group-ID mode bits. */
    public static final int S_ISUID = 04000, S_ISGID = 02000;

    /** Bits of the minor number in an on-disk device number (xfs_dev_t, as sysv_encode_dev and IRIX_MKDEV pack it). */
    static final int DEV_MINOR_BITS = 18;

    /** BMBT_BLOCKCOUNT_BITLEN: the bits of an extent record's length. */
    public static final int BMBT_BLOCKCOUNT_BITLEN = 21;
    /** XFS_MAX_BMBT_EXTLEN: the longest extent a record can describe, 2^21 - 1 blocks. */
    public static final long MAX_BMBT_EXTLEN = (1L << BMBT_BLOCKCOUNT_BITLEN) - 1;
    /** di_forkoff of a device inode with an attr fork: roundup(sizeof(xfs_dev_t), 8) >> 3. */
    static final int DEV_FORKOFF = 1;

    /** Size of one extent record (struct xfs_bmbt_rec), for fork capacities. */
    public static final int BMBT_REC_LEN = 16;

    private final byte[] b;
    private final int base;

    public Dinode(byte[] b, int base) {
        this.b = b;
        this.base = base;
    }

    public byte[] buffer() { return b; }
    public int base() { return base; }

    public int magic() { return u16(b, base + OFF_MAGIC); }
    public void setMagic(int v) { putU16(b, base + OFF_MAGIC, v); }
    public int mode() { return u16(b, base + OFF_MODE); }
    public void setMode(int v) { putU16(b, base + OFF_MODE, v); }
    public int version() { return u8(b, base + OFF_VERSION); }
    public void setVersion(int v) { putU8(b, base + OFF_VERSION, v); }
    public int format() { return u8(b, base + OFF_FORMAT); }
    public void setFormat(int v) { putU8(b, base + OFF_FORMAT, v); }
    public int onlink() { return u16(b, base + OFF_ONLINK); }
    public void setOnlink(int v) { putU16(b, base + OFF_ONLINK, v); }
    public long uid() { return u32(b, base + OFF_UID); }
    public void setUid(long v) { putU32(b, base + OFF_UID, v); }
    public long gid() { return u32(b, base + OFF_GID); }
    public void setGid(long v) { putU32(b, base + OFF_GID, v); }
    public long nlink() { return u32(b, base + OFF_NLINK); }
    public void setNlink(long v) { putU32(b, base + OFF_NLINK, v); }
    public int projidLo() { return u16(b, base + OFF_PROJID_LO); }
    public void setProjidLo(int v) { putU16(b, base + OFF_PROJID_LO, v); }
    public int projidHi() { return u16(b, base + OFF_PROJID_HI); }
    public void setProjidHi(int v) { putU16(b, base + OFF_PROJID_HI, v); }
    public long bigNextents() { return u64(b, base + OFF_BIG_NEXTENTS); }
    public void setBigNextents(long v) { putU64(b, base + OFF_BIG_NEXTENTS, v); }
    public int flushiter() { return u16(b, base + OFF_FLUSHITER); }

    /** Raw 8-byte timestamp at {@code off} (OFF_ATIME, OFF_MTIME, OFF_CTIME, OFF_CRTIME): bigtime's u64 view. */
    public long time(int off) { return u64(b, base + off); }
    public void setTime(int off, long raw) { putU64(b, base + off, raw); }
    /** Seconds half of a legacy timestamp. */
    public long timeSec(int off) { return u32(b, base + off); }
    public long timeNsec(int off) { return u32(b, base + off + 4); }
    public void setTime(int off, long sec, long nsec) {
        putU32(b, base + off, sec);
        putU32(b, base + off + 4, nsec);
    }

    public long atimeSec() { return timeSec(OFF_ATIME); }
    public long atimeNsec() { return timeNsec(OFF_ATIME); }
    public void setAtime(long sec, long nsec) { setTime(OFF_ATIME, sec, nsec); }
    public long mtimeSec() { return timeSec(OFF_MTIME); }
    public long mtimeNsec() { return timeNsec(OFF_MTIME); }
    public void setMtime(long sec, long nsec) { setTime(OFF_MTIME, sec, nsec); }
    public long ctimeSec() { return timeSec(OFF_CTIME); }
    public long ctimeNsec() { return timeNsec(OFF_CTIME); }
    public void setCtime(long sec, long nsec) { setTime(OFF_CTIME, sec, nsec); }
    public long crtimeSec() { return timeSec(OFF_CRTIME); }
    public long crtimeNsec() { return timeNsec(OFF_CRTIME); }
    public void setCrtime(long sec, long nsec) { setTime(OFF_CRTIME, sec, nsec); }

    /** di_size: signed on disk (xfs_fsize_t); negative is corrupt. */
    public long size() { return u64(b, base + OFF_SIZE); }
    public void setSize(long v) { putU64(b, base + OFF_SIZE, v); }
    public long nblocks() { return u64(b, base + OFF_NBLOCKS); }
    public void setNblocks(long v) { putU64(b, base + OFF_NBLOCKS, v); }
    public long extsize() { return u32(b, base + OFF_EXTSIZE); }
    public void setExtsize(long v) { putU32(b, base + OFF_EXTSIZE, v); }
    public long nextents() { return u32(b, base + OFF_NEXTENTS); }
    public void setNextents(long v) { putU32(b, base + OFF_NEXTENTS, v); }
    public long bigAnextents() { return u32(b, base + OFF_BIG_ANEXTENTS); }
    public void setBigAnextents(long v) { putU32(b, base + OFF_BIG_ANEXTENTS, v); }
    public int anextents() { return u16(b, base + OFF_ANEXTENTS); }
    public void setAnextents(int v) { putU16(b, base + OFF_ANEXTENTS, v); }
    public int forkoff() { return u8(b, base + OFF_FORKOFF); }
    public void setForkoff(int v) { putU8(b, base + OFF_FORKOFF, v); }
    public int aformat() { return u8(b, base + OFF_AFORMAT); }
    public void setAformat(int v) { putU8(b, base + OFF_AFORMAT, v); }
    public long dmevmask() { return u32(b, base + OFF_DMEVMASK); }
    public int dmstate() { return u16(b, base + OFF_DMSTATE); }
    public int flags() { return u16(b, base + OFF_FLAGS); }
    public void setFlags(int v) { putU16(b, base + OFF_FLAGS, v); }
    public long gen() { return u32(b, base + OFF_GEN); }
    public void setGen(long v) { putU32(b, base + OFF_GEN, v); }
    public long nextUnlinked() { return u32(b, base + OFF_NEXT_UNLINKED); }
    public void setNextUnlinked(long v) { putU32(b, base + OFF_NEXT_UNLINKED, v); }
    /** The raw little-endian CRC field. */
    public long crc() { return BigEndian.le32(b, base + OFF_CRC); }
    public long changecount() { return u64(b, base + OFF_CHANGECOUNT); }
    public void setChangecount(long v) { putU64(b, base + OFF_CHANGECOUNT, v); }
    public long lsn() { return u64(b, base + OFF_LSN); }
    public void setLsn(long v) { putU64(b, base + OFF_LSN, v); }
    public long flags2() { return u64(b, base + OFF_FLAGS2); }
    public void setFlags2(long v) { putU64(b, base + OFF_FLAGS2, v); }
    public long cowextsize() { return u32(b, base + OFF_COWEXTSIZE); }
    public void setCowextsize(long v) { putU32(b, base + OFF_COWEXTSIZE, v); }
    public long ino() { return u64(b, base + OFF_INO); }
    public void setIno(long v) { putU64(b, base + OFF_INO, v); }
    public byte[] uuid() { return Arrays.copyOfRange(b, base + OFF_UUID, base + OFF_UUID + 16); }
    public void setUuid(byte[] u) { System.arraycopy(u, 0, b, base + OFF_UUID, 16); }
    public boolean uuidMatches(byte[] u) { return Arrays.equals(b, base + OFF_UUID, base + OFF_UUID + 16, u, 0, 16); }

    /** Ports xfs_dfork_data_extents: di_big_nextents with NREXT64, di_nextents otherwise. */
    public long dataExtents() {
        return (flags2() & DIFLAG2_NREXT64) != 0 ? bigNextents() : nextents();
    }

    /** Ports xfs_dfork_attr_extents. */
    public long attrExtents() {
        return (flags2() & DIFLAG2_NREXT64) != 0 ? bigAnextents() : anextents();
    }

    /** XFS_DFORK_DPTR offset: where the data fork starts inside the inode. */
    public static int dataForkOffset() {
        return CORE_SIZE;
    }

    /** XFS_LITINO: bytes available to both forks. */
    public static int literalSize(int inodesize) {
        return inodesize - CORE_SIZE;
    }

    /** XFS_DFORK_DSIZE: the data fork's bytes. */
    public int dataForkSize(int inodesize) {
        return forkoff() != 0 ? forkoff() << 3 : literalSize(inodesize);
    }

    /** XFS_DFORK_APTR offset (XFS_DFORK_BOFF past the core); meaningful only when forkoff is non-zero. */
    public int attrForkOffset() {
        return CORE_SIZE + (forkoff() << 3);
    }

    /** XFS_DFORK_ASIZE. */
    public int attrForkSize(int inodesize) {
        return forkoff() != 0 ? literalSize(inodesize) - (forkoff() << 3) : 0;
    }

    /**
     * Writes an unused v3 inode at {@code off}, as mkfs and xfs_ialloc_inode_init do for every inode of a new
     * chunk: zeroed, then magic, version 3, next_unlinked NULLAGINO, di_ino, di_uuid and the generation. The caller
     * computes the CRC ({@link #updateCrc}) once it has written all it wants.
     */
    public static Dinode initEmpty(byte[] b, int off, int inodesize, long ino, byte[] uuid, long gen) {
        Arrays.fill(b, off, off + inodesize, (byte) 0);
        Dinode d = new Dinode(b, off);
        d.setMagic(MAGIC);
        d.setVersion(VERSION);
        d.setNextUnlinked(Geometry.NULLAGINO);
        d.setIno(ino);
        d.setUuid(uuid);
        d.setGen(gen);
        return d;
    }

    /** The 176-byte core of {@link #initEmpty(byte[], int, int, long, byte[], long)} without clearing the forks. */
    public static Dinode initEmpty(byte[] b, int off, long ino, byte[] uuid, int gen) {
        return initEmpty(b, off, CORE_SIZE, ino, uuid, gen & 0xffffffffL);
    }

    /** Ports xfs_dinode_calc_crc: CRC-32C over the whole inode with di_crc taken as zero. */
    public static void updateCrc(byte[] b, int off, int inodesize) {
        Cksum.update(b, off, inodesize, OFF_CRC);
    }

    /** Ports xfs_verify_cksum(dip, inodesize, XFS_DINODE_CRC_OFF). */
    public static boolean verifyCrc(byte[] b, int off, int inodesize) {
        return Cksum.verify(b, off, inodesize, OFF_CRC);
    }

    /** Ports sysv_encode_dev (IRIX_MKDEV in xfsprogs): a device's major and minor as the inode stores them. */
    public static long encodeDev(long major, long minor) {
        return (major << DEV_MINOR_BITS) | (minor & ((1 << DEV_MINOR_BITS) - 1));
    }

    /** Ports xfs_dinode_put_rdev: a device inode's data fork is its 32-bit device number. */
    public static void putRdev(byte[] dataFork, long rdev) {
        BigEndian.putU32(dataFork, 0, rdev);
    }

    /** Ports xfs_mode_to_ftype: the directory-entry file type of a mode, or FT_UNKNOWN. */
    public static int modeToFtype(int mode) {
        return switch (mode & S_IFMT) {
            case S_IFREG -> Dir2Sf.FT_REG_FILE;
            case S_IFDIR -> Dir2Sf.FT_DIR;
            case S_IFCHR -> Dir2Sf.FT_CHRDEV;
            case S_IFBLK -> Dir2Sf.FT_BLKDEV;
            case S_IFIFO -> Dir2Sf.FT_FIFO;
            case S_IFSOCK -> Dir2Sf.FT_SOCK;
            case S_IFLNK -> Dir2Sf.FT_SYMLINK;
            default -> Dir2Sf.FT_UNKNOWN;
        };
    }

    /**
     * Ports xfs_dinode_verify, run when an inode is read into the cache: null when sound, otherwise the first failed
     * check. Beyond the kernel, a di_nblocks larger than the filesystem is refused too (xfs_repair's "bad nblocks"):
     * the kernel would carry it and count freed blocks off it.
     */
    public static String verify(byte[] b, int off, int inodesize, long ino, DinodeContext fs) {
        Dinode d = new Dinode(b, off);
        if (d.magic() != MAGIC) {
            return "bad magic 0x" + Integer.toHexString(d.magic());
        }
        if (d.version() != VERSION) {
            return "di_version " + d.version() + " is not 3";
        }
        if (!verifyCrc(b, off, inodesize)) {
            return "CRC mismatch";
        }
        if (d.ino() != ino) {
            return "di_ino " + d.ino() + " read as inode " + ino;
        }
        if (fs.metaUuid() != null && !d.uuidMatches(fs.metaUuid())) {
            return "di_uuid does not match the filesystem";
        }
        if (d.size() < 0) {
            return "di_size " + d.size() + " negative";
        }
        int mode = d.mode();
        int fmt = mode & S_IFMT;
        if (mode != 0 && modeToFtype(mode) == Dir2Sf.FT_UNKNOWN) {
            return "di_mode 0" + Integer.toOctalString(mode) + " has no file type";
        }
        if ((fmt == S_IFLNK || fmt == S_IFDIR) && d.size() == 0) {
            return "zero-length " + (fmt == S_IFDIR ? "directory" : "symlink");
        }
        String why = verifyNrext64(d, fs);
        if (why != null) {
            return why;
        }
        long nextents = d.dataExtents();
        long anextents = d.attrExtents();
        if (mode != 0 && Long.compareUnsigned(nextents + anextents, d.nblocks()) > 0) {
            return "di_nextents " + nextents + " + di_anextents " + anextents + " above di_nblocks " + d.nblocks();
        }
        if (mode != 0 && Long.compareUnsigned(d.nblocks(), fs.dblocks()) > 0) {
            return "di_nblocks " + Long.toUnsignedString(d.nblocks()) + " above the filesystem's " + fs.dblocks()
                    + " blocks";
        }
        if (fmt == S_IFDIR && nextents > Dir2Space.maxExtents(fs.blocklog())) {
            return "directory with " + nextents + " extents";
        }
        int flags = d.flags();
        if (mode != 0 && (flags & DIFLAG_REALTIME) != 0) {
            return "realtime flag without a realtime device";
        }
        why = verifyForkoff(d, inodesize);
        if (why != null) {
            return why;
        }
        switch (fmt) {
            case S_IFIFO, S_IFCHR, S_IFBLK, S_IFSOCK -> {
                if (d.format() != FMT_DEV) {
                    return "device inode in format " + d.format();
                }
            }
            case S_IFREG, S_IFLNK, S_IFDIR -> {
                why = verifyFork(d.format(), d.dataForkSize(inodesize), nextents, fmt == S_IFREG, d.size());
                if (why != null) {
                    return "data fork: " + why;
                }
            }
            case 0 -> { /* an unused inode */ }
            default -> {
                return "di_mode 0" + Integer.toOctalString(mode) + " has no file type";
            }
        }
        if (d.forkoff() != 0) {
            why = verifyFork(d.aformat(), d.attrForkSize(inodesize), anextents, false, -1);
            if (why != null) {
                return "attr fork: " + why;
            }
        } else if ((d.aformat() != 0 && d.aformat() != FMT_EXTENTS) || anextents != 0) {
            return "no attr fork but di_aformat " + d.aformat() + ", di_anextents " + anextents;
        }
        why = validateExtsize(fs, d.extsize(), mode, flags);
        if (why != null) {
            return why;
        }
        long flags2 = d.flags2();
        if ((flags2 & (DIFLAG2_REFLINK | DIFLAG2_COWEXTSIZE)) != 0 && !fs.reflink()) {
            return "reflink or cowextsize flag without the reflink feature";
        }
        if ((flags2 & DIFLAG2_REFLINK) != 0 && (fmt != S_IFREG || (flags & DIFLAG_REALTIME) != 0)) {
            return "reflink flag on a non-regular or realtime inode";
        }
        why = validateCowextsize(fs, d.cowextsize(), mode, flags, flags2);
        if (why != null) {
            return why;
        }
        if ((flags2 & DIFLAG2_BIGTIME) != 0 && !fs.bigtime()) {
            return "bigtime flag without the bigtime feature";
        }
        return null;
    }

    /** Ports xfs_dinode_verify_nrext64: the large extent count flag needs the feature and a zero pad. */
    private static String verifyNrext64(Dinode d, DinodeContext fs) {
        if ((d.flags2() & DIFLAG2_NREXT64) != 0) {
            if (!fs.nrext64()) {
                return "large extent count flag without the nrext64 feature";
            }
            if (u16(d.b, d.base + OFF_NREXT64_PAD) != 0) {
                return "di_nrext64_pad not zero";
            }
        } else if (u64(d.b, d.base + OFF_V3_PAD) != 0) {
            return "di_v3_pad not zero";
        }
        return null;
    }

    /** Ports xfs_dinode_verify_forkoff: a device inode's attr fork sits right after its device number. */
    private static String verifyForkoff(Dinode d, int inodesize) {
        int forkoff = d.forkoff();
        if (forkoff == 0) {
            return null;
        }
        return switch (d.format()) {
            case FMT_DEV -> forkoff == DEV_FORKOFF ? null : "device inode with di_forkoff " + forkoff;
            case FMT_LOCAL, FMT_EXTENTS, FMT_BTREE ->
                    (forkoff << 3) >= literalSize(inodesize) ? "di_forkoff " + forkoff + " outside the inode" : null;
            default -> "di_forkoff " + forkoff + " with data format " + d.format();
        };
    }

    /**
     * Ports xfs_inode_validate_extsize (jxfs has no realtime device, so the hint is in filesystem blocks and at
     * most half an AG).
     */
    static String validateExtsize(DinodeContext fs, long extsize, int mode, int flags) {
        boolean hint = (flags & DIFLAG_EXTSIZE) != 0;
        boolean inherit = (flags & DIFLAG_EXTSZINHERIT) != 0;
        int fmt = mode & S_IFMT;
        if ((hint || inherit) && fmt != S_IFDIR && fmt != S_IFREG) {
            return "extent size hint flag on a file that is not regular or a directory";
        }
        if (hint && fmt != S_IFREG) {
            return "extsize flag on a directory";
        }
        if (inherit && fmt != S_IFDIR) {
            return "extszinherit flag on a regular file";
        }
        if ((hint || inherit) && extsize == 0) {
            return "extent size hint flag with di_extsize 0";
        }
        if (mode != 0 && !hint && !inherit && extsize != 0) {
            return "di_extsize " + extsize + " without an extent size hint flag";
        }
        return hintBounds("di_extsize", fs, extsize);
    }

    /** Ports xfs_inode_validate_cowextsize. */
    static String validateCowextsize(DinodeContext fs, long cowextsize, int mode, int flags, long flags2) {
        boolean hint = (flags2 & DIFLAG2_COWEXTSIZE) != 0;
        int fmt = mode & S_IFMT;
        if (hint && !fs.reflink()) {
            return "cowextsize flag without the reflink feature";
        }
        if (hint && fmt != S_IFDIR && fmt != S_IFREG) {
            return "cowextsize flag on a file that is not regular or a directory";
        }
        if (hint && cowextsize == 0) {
            return "cowextsize flag with di_cowextsize 0";
        }
        if (mode != 0 && !hint && cowextsize != 0) {
            return "di_cowextsize " + cowextsize + " without the cowextsize flag";
        }
        if (hint && (flags & DIFLAG_REALTIME) != 0) {
            return "cowextsize flag on a realtime file";
        }
        return hintBounds("di_cowextsize", fs, cowextsize);
    }

    /** The bounds both hints share: at most XFS_MAX_BMBT_EXTLEN blocks and half an AG. */
    private static String hintBounds(String field, DinodeContext fs, long hint) {
        if (hint > MAX_BMBT_EXTLEN || hint > fs.agblocks() / 2) {
            return field + " " + hint + " above the largest extent size hint";
        }
        return null;
    }

    /** Ports xfs_dinode_verify_fork: the format suits the mode and the extent count suits the format. */
    private static String verifyFork(int format, int forkSize, long extents, boolean regular, long localSize) {
        long capacity = forkSize / BMBT_REC_LEN;
        switch (format) {
            case FMT_LOCAL:
                if (regular) {
                    return "regular file in local format";
                }
                if (localSize > forkSize) {
                    return "local di_size " + localSize + " larger than the fork (" + forkSize + " bytes)";
                }
                return extents == 0 ? null : "local format with " + extents + " extents";
            case FMT_EXTENTS:
                return extents <= capacity ? null : extents + " extents do not fit " + capacity + " slots";
            case FMT_BTREE:
                return extents > capacity ? null : "btree format with only " + extents + " extents";
            default:
                return "bad format " + format;
        }
    }
}
