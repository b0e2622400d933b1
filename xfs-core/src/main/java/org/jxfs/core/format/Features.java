// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import java.util.ArrayList;
import java.util.List;

/**
 * The feature words of the superblock (xfs_format.h): sb_versionnum bits, sb_features2, and the v5
 * compat/ro_compat/incompat/log_incompat words, with the names xfs_info and the kernel print for each bit so that
 * mount can say which feature it refuses.
 */
public final class Features {
    /** The superblock words that carry feature bits. */
    public enum Word { VERSIONNUM, FEATURES2, COMPAT, RO_COMPAT, INCOMPAT, LOG_INCOMPAT }

    // sb_versionnum
    public static final int VERSION_NUMBITS = 0x000f;
    public static final int VERSION_4 = 4;
    public static final int VERSION_5 = 5;
    public static final int VERSION_ATTRBIT = 0x0010;
    public static final int VERSION_NLINKBIT = 0x0020;
    public static final int VERSION_QUOTABIT = 0x0040;
    public static final int VERSION_ALIGNBIT = 0x0080;
    public static final int VERSION_DALIGNBIT = 0x0100;
    public static final int VERSION_SHAREDBIT = 0x0200;
    public static final int VERSION_LOGV2BIT = 0x0400;
    public static final int VERSION_SECTORBIT = 0x0800;
    public static final int VERSION_EXTFLGBIT = 0x1000;
    public static final int VERSION_DIRV2BIT = 0x2000;
    public static final int VERSION_BORGBIT = 0x4000;
    public static final int VERSION_MOREBITSBIT = 0x8000;

    // sb_features2
    public static final int VERSION2_RESERVED1BIT = 0x0001;
    public static final int VERSION2_LAZYSBCOUNTBIT = 0x0002;
    public static final int VERSION2_RESERVED4BIT = 0x0004;
    public static final int VERSION2_ATTR2BIT = 0x0008;
    public static final int VERSION2_PARENTBIT = 0x0010;
    public static final int VERSION2_PROJID32BIT = 0x0080;
    public static final int VERSION2_CRCBIT = 0x0100;
    public static final int VERSION2_FTYPE = 0x0200;

    // sb_features_compat: none defined
    public static final int COMPAT_ALL = 0;

    // sb_features_ro_compat
    public static final int RO_COMPAT_FINOBT = 1 << 0;
    public static final int RO_COMPAT_RMAPBT = 1 << 1;
    public static final int RO_COMPAT_REFLINK = 1 << 2;
    public static final int RO_COMPAT_INOBTCNT = 1 << 3;
    public static final int RO_COMPAT_ALL = RO_COMPAT_FINOBT | RO_COMPAT_RMAPBT | RO_COMPAT_REFLINK
            | RO_COMPAT_INOBTCNT;

    // sb_features_incompat
    public static final int INCOMPAT_FTYPE = 1 << 0;
    public static final int INCOMPAT_SPINODES = 1 << 1;
    public static final int INCOMPAT_META_UUID = 1 << 2;
    public static final int INCOMPAT_BIGTIME = 1 << 3;
    public static final int INCOMPAT_NEEDSREPAIR = 1 << 4;
    public static final int INCOMPAT_NREXT64 = 1 << 5;
    public static final int INCOMPAT_EXCHRANGE = 1 << 6;
    public static final int INCOMPAT_PARENT = 1 << 7;
    public static final int INCOMPAT_METADIR = 1 << 8;
    public static final int INCOMPAT_ZONED = 1 << 9;
    public static final int INCOMPAT_ZONE_GAPS = 1 << 10;
    /** Every incompat bit the format defines (XFS_SB_FEAT_INCOMPAT_ALL of a recent kernel). */
    public static final int INCOMPAT_ALL = (1 << 11) - 1;

    // sb_features_log_incompat
    public static final int LOG_INCOMPAT_XATTRS = 1 << 0;
    public static final int LOG_INCOMPAT_ALL = LOG_INCOMPAT_XATTRS;

    private Features() {
    }

    /** The name of one bit of {@code word}, or null for a bit the format does not define. */
    public static String name(Word word, long bit) {
        return switch (word) {
            case VERSIONNUM -> versionName((int) bit);
            case FEATURES2 -> features2Name((int) bit);
            case COMPAT -> null;
            case RO_COMPAT -> roCompatName((int) bit);
            case INCOMPAT -> incompatName((int) bit);
            case LOG_INCOMPAT -> bit == LOG_INCOMPAT_XATTRS ? "logged_xattrs" : null;
        };
    }

    private static String versionName(int bit) {
        return switch (bit) {
            case VERSION_ATTRBIT -> "attr";
            case VERSION_NLINKBIT -> "nlink";
            case VERSION_QUOTABIT -> "quota";
            case VERSION_ALIGNBIT -> "align";
            case VERSION_DALIGNBIT -> "dalign";
            case VERSION_SHAREDBIT -> "shared";
            case VERSION_LOGV2BIT -> "logv2";
            case VERSION_SECTORBIT -> "sector";
            case VERSION_EXTFLGBIT -> "extflg";
            case VERSION_DIRV2BIT -> "dirv2";
            case VERSION_BORGBIT -> "borg";
            case VERSION_MOREBITSBIT -> "morebits";
            default -> null;
        };
    }

    private static String features2Name(int bit) {
        return switch (bit) {
            case VERSION2_LAZYSBCOUNTBIT -> "lazy-count";
            case VERSION2_ATTR2BIT -> "attr2";
            case VERSION2_PARENTBIT -> "parent";
            case VERSION2_PROJID32BIT -> "projid32bit";
            case VERSION2_CRCBIT -> "crc";
            case VERSION2_FTYPE -> "ftype";
            default -> null;
        };
    }

    private static String roCompatName(int bit) {
        return switch (bit) {
            case RO_COMPAT_FINOBT -> "finobt";
            case RO_COMPAT_RMAPBT -> "rmapbt";
            case RO_COMPAT_REFLINK -> "reflink";
            case RO_COMPAT_INOBTCNT -> "inobtcount";
            default -> null;
        };
    }

    private static String incompatName(int bit) {
        return switch (bit) {
            case INCOMPAT_FTYPE -> "ftype";
            case INCOMPAT_SPINODES -> "sparse";
            case INCOMPAT_META_UUID -> "meta_uuid";
            case INCOMPAT_BIGTIME -> "bigtime";
            case INCOMPAT_NEEDSREPAIR -> "needsrepair";
            case INCOMPAT_NREXT64 -> "nrext64";
            case INCOMPAT_EXCHRANGE -> "exchange";
            case INCOMPAT_PARENT -> "parent";
            case INCOMPAT_METADIR -> "metadir";
            case INCOMPAT_ZONED -> "zoned";
            case INCOMPAT_ZONE_GAPS -> "zone_gaps";
            default -> null;
        };
    }

    /**
     * Names every set bit of {@code mask} in {@code word}, lowest first; an undefined bit reads as
     * {@code "unknown incompat bit 0x800"}. For messages such as "unsupported features: reflink, rmapbt".
     */
    public static List<String> describe(Word word, long mask) {
        List<String> out = new ArrayList<>();
        for (long rest = mask & 0xffffffffL; rest != 0; rest &= rest - 1) {
            long bit = Long.lowestOneBit(rest);
            String n = name(word, bit);
            out.add(n != null ? n
                    : "unknown " + word.name().toLowerCase() + " bit 0x" + Long.toHexString(bit));
        }
        return out;
    }

    /** The bits of {@code mask} outside {@code known}, as a comma-separated list of names, or null when none. */
    public static String unsupported(Word word, long mask, long known) {
        long extra = mask & ~known & 0xffffffffL;
        return extra == 0 ? null : String.join(", ", describe(word, extra));
    }
}
