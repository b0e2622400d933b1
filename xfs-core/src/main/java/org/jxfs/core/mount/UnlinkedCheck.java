// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mount;

import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Agi;
import org.jxfs.core.format.AgiOps;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;

/**
 * The AGI unlinked lists of a read-write mount, walked as xfs_iunlink_reload_next would before trusting them: each
 * bucket's chain must run through allocated inode chunks, end, and hold only inodes that are unlinked (di_nlink 0,
 * di_mode set) and hashed into that bucket. jxfs itself puts no inode on them (it frees an unlinked file at once);
 * after a log recovery the inodes a crashed kernel left there are freed (org.jxfs.fs.UnlinkedInodes), otherwise a
 * sound list is left for the kernel; a damaged one refuses the mount before anything is written.
 */
final class UnlinkedCheck {
    private UnlinkedCheck() {
    }

    static void verify(Mount mp) throws XfsException {
        Geometry geo = mp.geometry();
        AgMetadataMap map = mp.metadataMap();
        for (int agno = 0; agno < geo.agcount; agno++) {
            XfsBuf agibp = mp.bufCache().read(geo.agHeaderDaddr(agno, Agi.SECTOR), geo.sectorBb(), AgiOps.INSTANCE);
            Agi agi = new Agi(agibp.data());
            for (int bucket = 0; bucket < Agi.UNLINKED_BUCKETS; bucket++) {
                long agino = agi.unlinked(bucket);
                long seen = 0;
                while (agino != Geometry.NULLAGINO) {
                    String where = "xfs_agi of AG " + agno + " at daddr 0x" + Long.toHexString(agibp.daddr())
                            + ": unlinked bucket " + bucket + ": inode " + geo.aginoToIno(agno, agino);
                    if (agino % Agi.UNLINKED_BUCKETS != bucket) {
                        throw corrupt(where + " hashes to bucket " + agino % Agi.UNLINKED_BUCKETS);
                    }
                    if (map.kindAt(agno, geo.aginoToAgbno(agino)) != AgMetadataMap.Kind.INODES) {
                        throw corrupt(where + " is not in an allocated inode chunk");
                    }
                    if (++seen > (1L << geo.aginoBits())) {
                        throw corrupt(where + ": the list loops");
                    }
                    Dinode d = RootInodeCheck.read(mp, geo.aginoToIno(agno, agino), "unlinked");
                    if (d.mode() == 0) {
                        throw corrupt(where + " is free (di_mode 0)");
                    }
                    if (d.nlink() != 0) {
                        throw corrupt(where + " is in use (di_nlink " + d.nlink() + ")");
                    }
                    agino = d.nextUnlinked();
                }
            }
        }
    }

    private static FsCorruptedException corrupt(String why) {
        return new FsCorruptedException("Metadata corruption detected: " + why);
    }
}
