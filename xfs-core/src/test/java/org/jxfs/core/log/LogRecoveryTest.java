// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jxfs.core.UnsupportedFeatureException;
import org.jxfs.core.XfsException;
import org.jxfs.core.alloc.Alloc;
import org.jxfs.core.alloc.AllocArg;
import org.jxfs.core.alloc.AllocType;
import org.jxfs.core.dev.BlockDevice;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.AgfOps;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.format.LogItemType;
import org.jxfs.core.ialloc.Ialloc;
import org.jxfs.core.inode.InodeInit;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mount.FsCheck;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jxfs's log against jxfs's recovery on real images: a run whose metadata is only logged (in-place writes
 * suppressed, no unmount record) comes back on the next read-write open with the same free space, AG headers and
 * counters, a clean check and a clean log; a torn last record is cut off; a log item jxfs does not replay is refused
 * before anything is written; the records jxfs writes read back with good CRCs into the transactions it committed.
 */
class LogRecoveryTest {
    @TempDir
    Path dir;

    private Path image(String name) throws Exception {
        Path img = dir.resolve(name);
        Mkfs.format(img, MkfsOptions.builder().dataSize(64L << 20).quiet(true).force(true).build());
        return img;
    }

    /** What a run leaves: the AGFs' bytes that matter and the summary counters. */
    record State(List<String> agfs, long fdblocks, long icount, long ifree) {
        static State of(Mount mp) throws XfsException {
            List<String> agfs = new ArrayList<>();
            Geometry g = mp.geometry();
            for (int agno = 0; agno < g.agcount; agno++) {
                Agf agf = new Agf(mp.bufCache().read(g.agHeaderDaddr(agno, Agf.SECTOR), g.sectorBb(),
                        AgfOps.INSTANCE).data());
                agfs.add(agno + ": free " + agf.freeblks() + " longest " + agf.longest() + " fl " + agf.flcount()
                        + " roots " + agf.roots(0) + "/" + agf.roots(1) + " btreeblks " + agf.btreeblks());
            }
            return new State(agfs, mp.fdblocks(), mp.icount(), mp.ifree());
        }
    }

    /** Allocations, frees and inode creations (new chunks: ICREATE), each its own transaction. */
    private static void churn(Mount mp, long seed, int steps) throws Exception {
        Random rnd = new Random(seed);
        List<long[]> held = new ArrayList<>();
        Geometry g = mp.geometry();
        long root = mp.sb().rootino();
        for (int i = 0; i < steps; i++) {
            int k = rnd.nextInt(10);
            if (k < 5) {
                long len = 1 + rnd.nextInt(8);
                try (Trans tp = Trans.alloc(mp, TransResv.WRITE, len)) {
                    AllocArg a = new AllocArg(tp, mp);
                    a.type = AllocType.START_BNO;
                    a.fsbno = g.agbToFsb(rnd.nextInt(g.agcount), rnd.nextInt((int) g.agblocks));
                    a.minlen = 1;
                    a.maxlen = len;
                    a.prod = 1;
                    Alloc.vextent(a);
                    tp.commit();
                    if (a.fsbno != Geometry.NULLFSBLOCK) {
                        held.add(new long[] {a.fsbno, a.len});
                    }
                }
            } else if (k < 8 && !held.isEmpty()) {
                long[] e = held.remove(rnd.nextInt(held.size()));
                try (Trans tp = Trans.alloc(mp, TransResv.WRITE, 0)) {
                    Alloc.freeExtent(tp, e[0], e[1]);
                    tp.commit();
                }
            } else {
                try (Trans tp = Trans.alloc(mp, TransResv.CREATE, Ialloc.spaceRes(mp))) {
                    long ino = Ialloc.dialloc(tp, mp, root, 0100644);
                    InodeInit.initNew(tp, mp, ino, 0100644, root);
                    tp.commit();
                }
            }
        }
    }

    @Test
    void aLogOnlyRunIsRecoveredOnTheNextReadWriteOpen() throws Exception {
        Path img = image("log-only.img");
        State expect;
        try (Mount mp = Mount.open(img, false)) {
            mp.suppressInPlaceWrites();
            churn(mp, 1, 600);
            expect = State.of(mp);
            assertThat(mp.log().transactions()).isGreaterThanOrEqualTo(500);
        }
        assertThatThrownBy(() -> Mount.open(img, true)).isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("log is dirty").hasMessageContaining("read-write");
        try (Mount mp = Mount.open(img, false)) {
            assertThat(State.of(mp)).isEqualTo(expect);
            assertThat(FsCheck.run(mp)).isEmpty();
        }
        try (Mount mp = Mount.open(img, true)) {
            assertThat(mp.logHead().clean()).isTrue();
            assertThat(State.of(mp)).isEqualTo(expect);
            assertThat(FsCheck.run(mp)).isEmpty();
        }
    }

    @Test
    void aRunWithWritebackAndAWrapIsRecoveredWithTheLsnRules() throws Exception {
        Path img = image("wrap.img");
        State expect;
        long wraps;
        try (Mount mp = Mount.open(img, false)) {
            long c0 = mp.log().cycle();
            // each force writes a checkpoint; the CIL holds one copy of each item, so force often to fill the log
            for (int round = 0; mp.log().cycle() < c0 + 2; round++) {
                churn(mp, 100 + round, 10);
                mp.forceLog();
                if (round % 20 == 19) {
                    mp.sync();
                }
            }
            churn(mp, 7, 300);
            mp.forceLog();
            expect = State.of(mp);
            wraps = mp.log().cycle() - c0;
            mp.shutdown("test: crash after a log force");
        }
        assertThat(wraps).isGreaterThanOrEqualTo(2);
        try (Mount mp = Mount.open(img, false)) {
            assertThat(State.of(mp)).isEqualTo(expect);
            assertThat(FsCheck.run(mp)).isEmpty();
        }
    }

    @Test
    void aTornLastRecordIsCutOff() throws Exception {
        Path img = image("torn.img");
        long logByte;
        long headByte;
        try (Mount mp = Mount.open(img, false)) {
            logByte = Geometry.bbToB(mp.geometry().logDaddr());
            mp.suppressInPlaceWrites();
            churn(mp, 3, 200);
            mp.forceLog();
            headByte = logByte + Geometry.bbToB(mp.log().headLsn() & 0xffffffffL);
            churn(mp, 4, 5);
        }
        // a byte of the data of the record written at close (the one after the last force) flips
        try (RandomAccessFile raf = new RandomAccessFile(img.toFile(), "rw")) {
            raf.seek(headByte + 600);
            int b = raf.read();
            raf.seek(headByte + 600);
            raf.write(b ^ 0x10);
        }
        try (Mount mp = Mount.open(img, false)) {
            assertThat(FsCheck.run(mp)).isEmpty();
        }
    }

    @Test
    void anItemJxfsDoesNotReplayIsRefusedWithTheKernelAdvice() throws Exception {
        Path img = image("bui.img");
        try (Mount mp = Mount.open(img, false)) {
            mp.suppressInPlaceWrites();
            churn(mp, 5, 20);
            byte[] bui = new byte[32];
            BigEndian.putLe16(bui, 0, LogItemType.BUI);
            BigEndian.putLe16(bui, 2, 1);
            List<byte[][]> items = new ArrayList<>();
            items.add(new byte[][] {bui});
            mp.log().writeTransaction(items);
        }
        byte[] before = Files.readAllBytes(img);
        assertThatThrownBy(() -> Mount.open(img, false)).isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("BUI").hasMessageContaining("mount the image with the Linux kernel once");
        assertThat(Files.readAllBytes(img)).isEqualTo(before);
    }

    @Test
    void recordsReadBackIntoTheWrittenCheckpoints() throws Exception {
        Path img = image("records.img");
        long checkpoints;
        try (Mount mp = Mount.open(img, false)) {
            mp.suppressInPlaceWrites();
            churn(mp, 6, 300);
            mp.forceLog();
            checkpoints = mp.log().checkpoints();
            // the CIL keeps one copy of each item per checkpoint: far fewer log transactions than commits
            assertThat(checkpoints).isPositive().isLessThan(mp.log().transactions() / 10);
        }
        try (BlockDevice dev = BlockDevice.open(img, true)) {
            LogScan scan = LogScan.scan(dev);
            assertThat(scan.discarded).isNull();
            assertThat(scan.clean).isFalse();
            assertThat(scan.records).isNotEmpty().allMatch(r -> r.data() != null);
            LogParser p = LogParser.parse(scan.records);
            assertThat(p.committed()).hasSize((int) checkpoints);
            assertThat(p.uncommitted()).isZero();
            int icreates = 0;
            for (LogTransaction t : p.committed()) {
                assertThat(t.items).isNotEmpty();
                for (int i = 0; i < t.items.size(); i++) {
                    assertThat(t.type(i)).isIn(LogItemType.BUF, LogItemType.INODE, LogItemType.ICREATE);
                    if (t.type(i) == LogItemType.ICREATE) {
                        icreates++;
                    }
                }
            }
            assertThat(icreates).isPositive();
        }
    }
}
