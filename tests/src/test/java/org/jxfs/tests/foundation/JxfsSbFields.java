// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.foundation;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jxfs.core.format.Geometry;
import org.jxfs.core.format.Sb;
import org.jxfs.core.mount.Mount;

/**
 * What jxfs's mount reports, named and formatted as xfs_db's {@code sb 0} print (after {@link DbFields}
 * normalisation): geometry from {@link Mount#geometry()}, counters from the in-core counters, the rest from the
 * in-core superblock. Compared field by field with xfs_db's view of the same image.
 */
public final class JxfsSbFields {
  private JxfsSbFields() {
  }

  public static Map<String, String> of(Mount mp) {
    Geometry g = mp.geometry();
    Sb sb = mp.sb();
    Map<String, String> f = new LinkedHashMap<>();
    put(f, "magicnum", sb.magicnum());
    put(f, "blocksize", g.blocksize);
    put(f, "dblocks", g.dblocks);
    put(f, "rblocks", sb.rblocks());
    put(f, "rextents", sb.rextents());
    f.put("uuid", uuid(sb.uuid()));
    put(f, "logstart", g.logstart);
    putIno(f, "rootino", sb.rootino());
    putIno(f, "rbmino", sb.rbmino());
    putIno(f, "rsumino", sb.rsumino());
    put(f, "rextsize", sb.rextsize());
    put(f, "agblocks", g.agblocks);
    put(f, "agcount", g.agcount);
    put(f, "rbmblocks", sb.rbmblocks());
    put(f, "logblocks", g.logblocks);
    put(f, "versionnum", sb.versionnum());
    put(f, "sectsize", g.sectsize);
    put(f, "inodesize", g.inodesize);
    put(f, "inopblock", g.inopblock);
    put(f, "blocklog", g.blocklog);
    put(f, "sectlog", g.sectlog);
    put(f, "inodelog", g.inodelog);
    put(f, "inopblog", g.inopblog);
    put(f, "agblklog", g.agblklog);
    put(f, "rextslog", sb.rextslog());
    put(f, "inprogress", sb.inprogress());
    put(f, "imax_pct", sb.imaxPct());
    put(f, "icount", mp.icount());
    put(f, "ifree", mp.ifree());
    put(f, "fdblocks", mp.fdblocks());
    put(f, "frextents", sb.frextents());
    putIno(f, "uquotino", sb.uquotino());
    putIno(f, "gquotino", sb.gquotino());
    put(f, "qflags", sb.qflags());
    put(f, "flags", sb.flags());
    put(f, "inoalignmt", g.inoalignmt);
    put(f, "unit", sb.unit());
    put(f, "width", sb.width());
    put(f, "dirblklog", g.dirblklog);
    put(f, "logsectlog", sb.logsectlog());
    put(f, "logsectsize", sb.logsectsize());
    put(f, "logsunit", sb.logsunit());
    put(f, "features2", sb.features2());
    put(f, "bad_features2", sb.badFeatures2());
    put(f, "features_compat", sb.featuresCompat());
    put(f, "features_ro_compat", sb.featuresRoCompat());
    put(f, "features_incompat", sb.featuresIncompat());
    put(f, "features_log_incompat", sb.featuresLogIncompat());
    put(f, "spino_align", sb.spinoAlign());
    putIno(f, "pquotino", sb.pquotino());
    f.put("meta_uuid", uuid(sb.metaUuid()));
    return f;
  }

  private static void put(Map<String, String> f, String name, long v) {
    f.put(name, Long.toUnsignedString(v));
  }

  /** xfs_db prints NULLFSINO as "null". */
  private static void putIno(Map<String, String> f, String name, long ino) {
    f.put(name, ino == -1L ? "null" : Long.toUnsignedString(ino));
  }

  private static String uuid(byte[] b) {
    ByteBuffer bb = ByteBuffer.wrap(b);
    return new UUID(bb.getLong(), bb.getLong()).toString();
  }
}
