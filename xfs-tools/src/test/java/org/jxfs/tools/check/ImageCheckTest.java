// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mkfs.MkfsPlan;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checker on images jxfs makes: clean ones are clean, each damaged structure is reported in a line naming it
 * and its disk address (with a good CRC: the structure's own checks; with a stale one: the CRC), a file that is
 * not XFS is refused, and no byte flipped anywhere in the metadata makes it throw.
 */
class ImageCheckTest {
    @TempDir
    Path dir;
    private Path img;
    private MkfsPlan plan;
    private Geometry g;
    private long fragIno;
    private long sfIno;
    private long goneIno;

    @BeforeEach
    void image() throws Exception {
        img = dir.resolve("img");
        plan = Mkfs.format(img, MkfsOptions.builder().dataSize(64L << 20).finobt(true).force(true).build());
        g = plan.geometry();
        try (Xfs fs = Xfs.open(img)) {
            sfIno = fs.mkdir("/sf", 0755);
            fs.create("/sf/a").close();
            fs.mkdir("/blk", 0755);
            for (int i = 0; i < 40; i++) {
                fs.create("/blk/file" + i).close();
            }
            try (XfsFile f = fs.create("/frag")) {
                f.fallocate(0, 2L << 20);
                for (long off = 0; off < 2L << 20; off += 8192) {
                    f.punchHole(off, 4096);
                }
            }
            fragIno = fs.lookup("/frag");
            fs.create("/gone").close();
            goneIno = fs.lookup("/gone");
            fs.unlink("/gone");
        }
    }

    private List<String> lines() throws Exception {
        Report r = ImageCheck.run(img);
        return r.findings().stream().map(Finding::line).toList();
    }

    @Test
    void cleanImageIsClean() throws Exception {
        Report r = ImageCheck.run(img);
        assertThat(r.findings()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.agcount()).isEqualTo(g.agcount);
        assertThat(r.directories()).isEqualTo(3);
        assertThat(r.inodes()).isEqualTo(3 + 1 + 40 + 1 + 2);   // root, rbm, rsum; sf/a; blk/*; frag; the dirs
        assertThat(r.summary()).contains("no problems found");
    }

    @Test
    void agfCounterWithGoodCrcIsReportedWithItsAddress() throws Exception {
        long daddr = g.agHeaderDaddr(1, Agf.SECTOR);
        byte[] sector = read(daddr, g.sectsize);
        Agf agf = new Agf(sector);
        agf.setFreeblks(agf.freeblks() - 1);
        agf.updateCrc(g.sectsize);
        write(daddr, sector);
        assertThat(lines()).contains("xfs_agf agno 1 (daddr 0x" + Long.toHexString(daddr) + "): agf_freeblks "
                + agf.freeblks() + ", counted " + (agf.freeblks() + 1));
    }

    @Test
    void flippedBtreeByteIsACrcFinding() throws Exception {
        long daddr = g.agbToDaddr(2, plan.cntRootAgbno());
        flip(Geometry.bbToB(daddr) + 60);
        assertThat(lines()).contains("xfs_cntbt agno 2 agbno " + plan.cntRootAgbno() + " (daddr 0x"
                + Long.toHexString(daddr) + "): CRC mismatch");
    }

    @Test
    void linkCountWithGoodCrcIsPhaseSeven() throws Exception {
        editInode(sfIno, d -> d.setNlink(7));
        assertThat(lines()).anyMatch(l -> l.startsWith("xfs_inode inode " + sfIno + " (daddr 0x")
                && l.endsWith("di_nlink 7, counted 2"));
    }

    @Test
    void freeInodeMarkedInUseAndEntryToItAreReported() throws Exception {
        editInode(goneIno, d -> d.setMode(Dinode.S_IFREG | 0644));
        assertThat(lines()).anyMatch(l -> l.startsWith("xfs_inode inode " + goneIno)
                && l.contains("marked free in the inobt but in use"));
    }

    @Test
    void extentOverlappingMetadataIsADoubleClaim() throws Exception {
        editInode(fragIno, d -> {
            // the first bmbt pointer of the root in the fork now points at the AG's bnobt root
            int ptrOff = d.base() + Dinode.dataForkOffset() + 4
                    + org.jxfs.bmap.BmdrRoot.maxrecs(d.dataForkSize(g.inodesize), false) * 8;
            org.jxfs.core.format.BigEndian.putU64(d.buffer(), ptrOff, g.agbToFsb(0, plan.bnoRootAgbno()));
        });
        assertThat(lines()).anyMatch(l -> l.startsWith("xfs_bmbt inode " + fragIno) && l.contains("bad magic"))
                .anyMatch(l -> l.contains("is already claimed as bnobt block"));
    }

    @Test
    void notXfsIsRefusedAndBadPrimaryFallsBackToASecondary() throws Exception {
        Path junk = Files.write(dir.resolve("junk"), new byte[1 << 20]);
        assertThatThrownBy(() -> ImageCheck.run(junk)).isInstanceOf(NotXfsException.class)
                .hasMessageContaining("not an XFS filesystem");
        write(0, new byte[4]);
        Report r = ImageCheck.run(img);
        assertThat(r.findings()).extracting(Finding::line).containsExactly(
                "xfs_sb agno 0 (daddr 0x0): bad magic 0x0 (geometry taken from a secondary superblock)");
    }

    @Test
    void noFlippedMetadataByteMakesTheCheckThrow() throws Exception {
        byte[] pristine = Files.readAllBytes(img);
        Random rnd = new Random(14);
        int found = 0;
        for (int round = 0; round < 100; round++) {
            Files.write(img, pristine);
            int agno = rnd.nextInt(g.agcount);
            long agbno = rnd.nextInt(24);
            long off = Geometry.bbToB(g.agbToDaddr(agno, agbno)) + rnd.nextInt(g.blocksize);
            try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
                f.seek(off);
                int b = f.read();
                f.seek(off);
                f.write(b ^ (1 << rnd.nextInt(8)));
            }
            Report r = ImageCheck.run(img);
            found += r.clean() ? 0 : 1;
            assertThat(r.findings()).allSatisfy(f -> assertThat(f.line()).containsPattern("daddr 0x[0-9a-f]+"));
        }
        assertThat(found).as("flips that landed in checked metadata").isGreaterThan(20);
    }

    private interface InodeEdit {
        void edit(Dinode d);
    }

    private void editInode(long ino, InodeEdit edit) throws Exception {
        long off = g.inoToByte(ino);
        byte[] b = read(Geometry.bToBb(off), g.inodesize);
        edit.edit(new Dinode(b, 0));
        Dinode.updateCrc(b, 0, g.inodesize);
        write(Geometry.bToBb(off), b);
    }

    private byte[] read(long daddr, int len) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "r")) {
            byte[] b = new byte[len];
            f.seek(Geometry.bbToB(daddr));
            f.readFully(b);
            return b;
        }
    }

    private void write(long daddr, byte[] b) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(Geometry.bbToB(daddr));
            f.write(b);
        }
    }

    private void flip(long off) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(off);
            int b = f.read();
            f.seek(off);
            f.write(b ^ 1);
        }
    }
}
