// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jxfs.core.XfsException;
import org.jxfs.core.btree.Btree;
import org.jxfs.core.btree.BtreeBlocks;
import org.jxfs.core.btree.BtreeCheck;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.Agfl;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mount.FsCheck;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;

/**
 * A real image made by Mkfs under target/alloc-tests (deleted on close), mounted, with helpers to allocate and free
 * in one transaction each and to read back what the free-space trees, the AGFL and the AGF say.
 */
final class AllocImage implements AutoCloseable {
    static final Path DIR = Path.of("target", "alloc-tests");

    final Path path;
    Mount mp;
    final Geometry geo;

    private AllocImage(Path path) throws XfsException {
        this.path = path;
        this.mp = Mount.open(path, false);
        this.geo = mp.geometry();
    }

    /** 1 KiB blocks, {@code agcount} AGs over {@code bytes}: small blocks so the trees get deep quickly. */
    static AllocImage create(String name, long bytes, int agcount) throws IOException, XfsException {
        Files.createDirectories(DIR);
        Path p = DIR.resolve(name + "-" + UUID.randomUUID() + ".img");
        Mkfs.format(p, MkfsOptions.builder().blockSize(1024).dataSize(bytes).agcount(agcount).force(true)
                .quiet(true).build());
        return new AllocImage(p);
    }

    /** Remounts (writes everything back and reads it again from disk). */
    void remount() throws XfsException {
        mp.close();
        mp = Mount.open(path, false);
    }

    @Override
    public void close() throws Exception {
        try {
            if (mp != null) {
                mp.close();
            }
        } finally {
            Files.deleteIfExists(path);
        }
    }

    /** Allocates in its own transaction; returns the args (fsbno NULLFSBLOCK when nothing was found). */
    AllocArg alloc(AllocType type, long fsbno, long minlen, long maxlen) throws XfsException {
        return alloc(type, fsbno, minlen, maxlen, 1, 1, 0, 0);
    }

    AllocArg alloc(AllocType type, long fsbno, long minlen, long maxlen, long alignment, long prod, long mod,
            long minleft) throws XfsException {
        try (Trans tp = Trans.alloc(mp, TransResv.WRITE, maxlen)) {
            AllocArg args = new AllocArg(tp, mp);
            args.type = type;
            args.fsbno = fsbno;
            args.minlen = minlen;
            args.maxlen = maxlen;
            args.alignment = alignment;
            args.prod = prod;
            args.mod = mod;
            args.minleft = minleft;
            Alloc.vextent(args);
            tp.commit();
            return args;
        }
    }

    void free(long fsbno, long len) throws XfsException {
        try (Trans tp = Trans.alloc(mp, TransResv.WRITE, 0)) {
            Alloc.freeExtent(tp, fsbno, len);
            tp.commit();
        }
    }

    long fsb(int agno, long agbno) {
        return geo.agbToFsb(agno, agbno);
    }

    /** What one AG's headers and trees say, read in a clean transaction. */
    record AgState(TreeMap<Long, Long> bno, List<long[]> cnt, List<Long> agfl, List<Long> btreeBlocks,
            long freeblks, long longest, long flcount, long btreeblks, int bnoLevels, int cntLevels,
            List<String> problems) {
        long freeInTrees() {
            return bno.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    AgState state(int agno) throws XfsException {
        try (Trans tp = Trans.alloc(mp, TransResv.WRITE, 0)) {
            XfsBuf agbp = Alloc.readAgf(tp, mp, agno, false);
            Agf agf = new Agf(agbp.data());
            AllocCursor bc = AllocCursor.bno(tp, mp, agbp, agno);
            AllocCursor cc = AllocCursor.cnt(tp, mp, agbp, agno);
            List<String> problems = new ArrayList<>(BtreeCheck.check(bc.cur));
            problems.addAll(BtreeCheck.check(cc.cur));
            TreeMap<Long, Long> bno = new TreeMap<>();
            Btree.visitRecords(bc.cur, (b, off) -> {
                bno.put(BigEndian.u32(b, off), BigEndian.u32(b, off + 4));
                return true;
            });
            List<long[]> cnt = new ArrayList<>();
            Btree.visitRecords(cc.cur, (b, off) -> {
                cnt.add(new long[] {BigEndian.u32(b, off), BigEndian.u32(b, off + 4)});
                return true;
            });
            List<Long> blocks = new ArrayList<>();
            Btree.visitBlocks(bc.cur, (c, level, bp) -> blocks.add(BtreeBlocks.bufToPtr(c, bp)));
            Btree.visitBlocks(cc.cur, (c, level, bp) -> blocks.add(BtreeBlocks.bufToPtr(c, bp)));
            XfsBuf agflbp = Alloc.readAgfl(tp, geo, agno);
            Agfl agfl = new Agfl(agflbp.data());
            List<Long> fl = new ArrayList<>();
            int size = Agfl.size(geo.sectsize);
            for (long i = 0, slot = agf.flfirst(); i < agf.flcount(); i++, slot = (slot + 1) % size) {
                fl.add(agfl.bno((int) slot));
            }
            assertThat(tp.isDirty()).isFalse();
            return new AgState(bno, cnt, fl, blocks, agf.freeblks(), agf.longest(), agf.flcount(), agf.btreeblks(),
                    (int) agf.levels(Agf.BTNUM_BNO), (int) agf.levels(Agf.BTNUM_CNT), problems);
        }
    }

    /**
     * The whole-image check: both trees of every AG pass BtreeCheck, the bnobt and cntbt hold the same extents,
     * the AGF counters match the trees, and FsCheck (sb counters, AGFL) finds nothing.
     */
    void checkAll() throws XfsException {
        for (int agno = 0; agno < geo.agcount; agno++) {
            AgState s = state(agno);
            assertThat(s.problems()).as("AG %d btree check", agno).isEmpty();
            List<long[]> byCnt = new ArrayList<>();
            for (Map.Entry<Long, Long> e : s.bno().entrySet()) {
                byCnt.add(new long[] {e.getKey(), e.getValue()});
            }
            byCnt.sort((a, b) -> a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[0], b[0]));
            assertThat(s.cnt()).as("AG %d cntbt vs bnobt", agno).usingElementComparator((a, b) ->
                    a[0] == b[0] && a[1] == b[1] ? 0 : 1).containsExactlyElementsOf(byCnt);
            assertThat(s.freeblks()).as("AG %d agf_freeblks", agno).isEqualTo(s.freeInTrees());
            long longest = s.cnt().isEmpty() ? 0 : s.cnt().get(s.cnt().size() - 1)[1];
            assertThat(s.longest()).as("AG %d agf_longest", agno).isEqualTo(longest);
            assertThat(s.btreeblks()).as("AG %d agf_btreeblks", agno).isEqualTo(s.btreeBlocks().size() - 2);
            assertThat(s.flcount()).as("AG %d flcount", agno).isLessThanOrEqualTo(Agfl.size(geo.sectsize));
        }
        assertThat(FsCheck.run(mp)).as("FsCheck").isEmpty();
    }

    /** Runs xfs_repair -n on the (closed) image; skipped without xfsprogs unless CI=true. */
    static void repairCheck(Path image) throws IOException, InterruptedException {
        Path repair = Path.of("/usr/sbin/xfs_repair");
        if (!Files.isExecutable(repair)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("xfs_repair is missing and CI=true");
            }
            return;
        }
        Process p = new ProcessBuilder(repair.toString(), "-n", "-f", image.toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("xfs_repair -n output:%n%s", out).isZero();
    }

    /**
     * xfs_db's {@code freesp -s} on the image prints exactly the histogram jxfs computes from its own reading of
     * the free-space btrees and AGFLs (skipped like {@link #repairCheck} when xfsprogs is missing outside CI).
     */
    static void freespCheck(Path image) throws Exception {
        Path db = Path.of("/usr/sbin/xfs_db");
        if (!Files.isExecutable(db)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("xfs_db is missing and CI=true");
            }
            return;
        }
        String jxfs;
        try (org.jxfs.core.mount.Mount mp = org.jxfs.core.mount.Mount.open(image, true)) {
            jxfs = org.jxfs.core.mount.Freesp.of(mp).summary();
        }
        Process p = new ProcessBuilder(db.toString(), "-r", "-c", "freesp -s", image.toString()).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as("xfs_db freesp -s").isEqualTo(jxfs);
    }
}
