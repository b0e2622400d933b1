// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mount;

import org.jxfs.core.UnsupportedFeatureException;
import org.jxfs.core.format.Features;
import org.jxfs.core.format.Sb;

/**
 * Which on-disk features a mount has, and jxfs's policy for each (the m_features of struct xfs_mount and the
 * feature checks of xfs_sb_validate / xfs_finish_flags): maintained, read-only (jxfs can read but not keep the
 * feature's metadata consistent), or refused.
 *
 * @param readOnlyReason why the image must be opened read-only, or null
 */
public record MountFeatures(boolean finobt, boolean sparseInodes, boolean bigtime, boolean inobtcount,
        boolean reflink, boolean rmapbt, boolean ftype, boolean metaUuid, boolean nrext64, String readOnlyReason) {

    /** Incompat features jxfs maintains. */
    static final long INCOMPAT_MAINTAINED = Features.INCOMPAT_FTYPE | Features.INCOMPAT_SPINODES
            | Features.INCOMPAT_BIGTIME | Features.INCOMPAT_META_UUID;
    /** Incompat features jxfs can read but not maintain. */
    static final long INCOMPAT_READ_ONLY = Features.INCOMPAT_NREXT64;
    /** Read-only-compatible features jxfs maintains. */
    static final long RO_COMPAT_MAINTAINED = Features.RO_COMPAT_FINOBT | Features.RO_COMPAT_INOBTCNT
            | Features.RO_COMPAT_REFLINK;

    /**
     * Classifies the superblock's features; throws UnsupportedFeatureException naming what is refused (V4, unknown
     * incompat bits, needsrepair, log-incompat features).
     */
    public static MountFeatures of(Sb sb) throws UnsupportedFeatureException {
        int version = sb.versionnum() & Features.VERSION_NUMBITS;
        if (version != Features.VERSION_5) {
            throw new UnsupportedFeatureException("V" + version
                    + " filesystem: only V5 (crc=1) images are supported, as by the kernel here");
        }
        long incompat = sb.featuresIncompat();
        if ((incompat & Features.INCOMPAT_NEEDSREPAIR) != 0) {
            throw new UnsupportedFeatureException("filesystem needs xfs_repair (needsrepair feature is set)");
        }
        String refused = Features.unsupported(Features.Word.INCOMPAT, incompat,
                INCOMPAT_MAINTAINED | INCOMPAT_READ_ONLY);
        if (refused != null) {
            throw new UnsupportedFeatureException("unsupported incompatible feature(s): " + refused);
        }
        String logIncompat = Features.unsupported(Features.Word.LOG_INCOMPAT, sb.featuresLogIncompat(), 0);
        if (logIncompat != null) {
            throw new UnsupportedFeatureException("unsupported log-incompatible feature(s): " + logIncompat);
        }
        long roCompat = sb.featuresRoCompat();
        String ro = Features.unsupported(Features.Word.RO_COMPAT, roCompat, RO_COMPAT_MAINTAINED);
        String roIncompat = Features.unsupported(Features.Word.INCOMPAT, incompat & INCOMPAT_READ_ONLY, 0);
        String reason = null;
        if (ro != null || roIncompat != null) {
            reason = "feature(s) jxfs cannot maintain: "
                    + (ro == null ? roIncompat : roIncompat == null ? ro : ro + ", " + roIncompat)
                    + "; opened read-only";
        } else if ((sb.flags() & Sb.SBF_READONLY) != 0) {
            // xfs_finish_flags refuses a read-write mount with EROFS, and mount(8) then mounts read-only
            reason = "the superblock allows only read-only mounts (sb_flags 0x" + Integer.toHexString(sb.flags())
                    + "); opened read-only";
        }
        return new MountFeatures(
                (roCompat & Features.RO_COMPAT_FINOBT) != 0,
                (incompat & Features.INCOMPAT_SPINODES) != 0,
                (incompat & Features.INCOMPAT_BIGTIME) != 0,
                (roCompat & Features.RO_COMPAT_INOBTCNT) != 0,
                (roCompat & Features.RO_COMPAT_REFLINK) != 0,
                (roCompat & Features.RO_COMPAT_RMAPBT) != 0,
                (incompat & Features.INCOMPAT_FTYPE) != 0,
                (incompat & Features.INCOMPAT_META_UUID) != 0,
                (incompat & Features.INCOMPAT_NREXT64) != 0,
                reason);
    }
}
