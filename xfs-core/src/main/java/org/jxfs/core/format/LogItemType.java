// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

/**
 * The log item types (XFS_LI_*, xfs_log_format.h): the first little-endian u16 of every item's format region. jxfs
 * writes BUF, INODE and ICREATE; recovery also recognises the intents the kernel writes.
 */
public final class LogItemType {
    public static final int EFI = 0x1236, EFD = 0x1237, IUNLINK = 0x1238, INODE = 0x123b, BUF = 0x123c,
            DQUOT = 0x123d, QUOTAOFF = 0x123e, ICREATE = 0x123f, RUI = 0x1240, RUD = 0x1241, CUI = 0x1242,
            CUD = 0x1243, BUI = 0x1244, BUD = 0x1245, ATTRI = 0x1246, ATTRD = 0x1247, SXI = 0x1248, SXD = 0x1249,
            EFI_RT = 0x124a, EFD_RT = 0x124b, RUI_RT = 0x124c, RUD_RT = 0x124d, CUI_RT = 0x124e, CUD_RT = 0x124f,
            XMI = 0x1250, XMD = 0x1251;

    private LogItemType() {
    }

    /** The name xfs_logprint gives the type ("BUF", "INODE", ...), or its hex value. */
    public static String name(int type) {
        return switch (type) {
            case EFI -> "EFI";
            case EFD -> "EFD";
            case IUNLINK -> "IUNLINK";
            case INODE -> "INODE";
            case BUF -> "BUF";
            case DQUOT -> "DQUOT";
            case QUOTAOFF -> "QUOTAOFF";
            case ICREATE -> "ICREATE";
            case RUI -> "RUI";
            case RUD -> "RUD";
            case CUI -> "CUI";
            case CUD -> "CUD";
            case BUI -> "BUI";
            case BUD -> "BUD";
            case ATTRI -> "ATTRI";
            case ATTRD -> "ATTRD";
            case SXI -> "SXI";
            case SXD -> "SXD";
            case XMI -> "XMI";
            case XMD -> "XMD";
            default -> "0x" + Integer.toHexString(type);
        };
    }
}
