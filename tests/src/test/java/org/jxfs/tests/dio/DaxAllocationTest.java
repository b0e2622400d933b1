// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.dio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.mount.Mount;
import org.jxfs.fs.FallocMode;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsRepair;
import org.jxfs.tools.JxfsMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DAX allocation against a byte-array model: on an inode with FS_XFLAG_DAX ({@code chattr +x}), DAX writes never
 * leave unwritten extents under data (Linux 4.4's "xfs: Don't use unwritten extents for DAX": get_block allocates
 * or converts with XFS_BMAPI_CONVERT | XFS_BMAPI_ZERO, so the blocks are written and zero before the transaction
 * commits). 10,000 seeded random operations: writes of any length at any offset (no alignment: DAX has none), with
 * and without O_DIRECT, fallocate with and without KEEP_SIZE (past EOF too), and a few hole punches and truncates
 * so that writes keep landing in holes and unwritten extents. After every write:
 * <ul>
 *   <li>no extent overlapping the written blocks is unwritten, and every written block is mapped;</li>
 *   <li>the written bytes, and the rest of the blocks they touch, read back as the model says;</li>
 *   <li>every block that became written by the write (it was a hole or unwritten before), read straight from the
 *       device, holds the written bytes and zeros elsewhere, past EOF included.</li>
 * </ul>
 * The image's free blocks hold stale bytes ({@link StaleFreeSpace}), so a block handed out unzeroed shows.
 * Every 1,000 operations the whole file is compared with the model. At the end the image is unmounted and must pass
 * {@code xfs_repair -n}, and the kernel (a read-only loop mount; it mounts without DAX here) must read exactly the
 * model's bytes.
 */
@RequiresKernel
class DaxAllocationTest {
    /** Writes and fallocates made (punches and truncates come on top). */
    static final int OPS = 10_000;
    static final long SEED = 0xDA7A_2015L;
    static final int MAX_FILE = 16 << 20;
    /** fallocate -k may reach this far past {@link #MAX_FILE}. */
    static final int PAST_EOF = 2 << 20;
    static final int FS_XFLAG_DAX = 0x8000;
    static final String NAME = "/dax";

    static Path dir;
    static Path img;

    @BeforeAll
    static void freshImage() throws Exception {
        dir = TestDirs.unique("dax-alloc");
        img = dir.resolve("dax.img");
        assertThat(JxfsMain.run("mkfs", "-q", "-d", "size=256m", img.toString())).isZero();
        // free blocks full of stale bytes, so that a block handed out without zeroing shows
        StaleFreeSpace.fill(img);
    }

    @AfterAll
    static void cleanUp() {
        TestDirs.delete(dir);
    }

    @Test
    void daxWritesNeverLeaveUnwrittenExtentsOrStaleBlocks() throws Exception {
        long t0 = System.nanoTime();
        byte[] model = new byte[MAX_FILE + PAST_EOF];
        long size = 0;
        int writes = 0;
        int ops;
        int fallocs = 0;
        long newlyWrittenBlocks = 0;
        SplittableRandom rnd = new SplittableRandom(SEED);
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile(NAME, true, false, false)) {
            f.fssetxflags(FS_XFLAG_DAX);
            assertThat(f.isDax()).as("chattr +x on an empty file makes it DAX").isTrue();
            Mount mp = fs.mount();
            Geometry geo = mp.geometry();
            int bs = geo.blocksize;
            assertFreeSpaceIsStale(f, mp);
            int op = 0;
            for (; writes + fallocs < OPS; op++) {
                int kind = rnd.nextInt(100);
                String what;
                if (kind < 70) {
                    long pos = writeOffset(rnd, size, bs);
                    int len = (int) Math.min(writeLength(rnd), MAX_FILE - pos);
                    byte[] data = new byte[len];
                    rnd.nextBytes(data);
                    f.setDirect(rnd.nextBoolean());
                    what = "op " + op + ": pwrite" + (f.direct() ? " (O_DIRECT)" : "") + " " + pos + " " + len;
                    String before = states(f.extents(), geo.bToFsb(MAX_FILE + PAST_EOF));
                    assertThat(f.pwrite(pos, data, 0, len)).as(what).isEqualTo(len);
                    System.arraycopy(data, 0, model, (int) pos, len);
                    size = Math.max(size, pos + len);
                    writes++;
                    newlyWrittenBlocks += checkWrite(f, mp, model, size, before, pos, len, what);
                } else if (kind < 90) {
                    boolean keep = rnd.nextBoolean();
                    long limit = keep ? MAX_FILE + PAST_EOF : MAX_FILE;
                    long off = rnd.nextInt(4) == 0 ? Math.min(size + rnd.nextInt(1 << 20), limit - 1)
                            : rnd.nextLong(limit);
                    long len = Math.max(1, Math.min(rnd.nextInt(1 << 20) + 1, limit - off));
                    what = "op " + op + ": falloc" + (keep ? " -k " : " ") + off + " " + len;
                    f.fallocate(keep ? FallocMode.KEEP_SIZE : FallocMode.ALLOCATE_RANGE, off, len);
                    if (!keep) {
                        size = Math.max(size, off + len);
                    }
                    fallocs++;
                } else if (kind < 96) {
                    long off = rnd.nextLong(MAX_FILE);
                    long len = Math.min(rnd.nextInt(256 << 10) + 1, MAX_FILE - off);
                    what = "op " + op + ": fpunch " + off + " " + len;
                    f.punchHole(off, len);
                    Arrays.fill(model, (int) off, (int) (off + len), (byte) 0);
                } else {
                    long to = rnd.nextInt(3) == 0 ? rnd.nextLong(MAX_FILE) : Math.max(0, size - rnd.nextInt(1 << 16));
                    what = "op " + op + ": truncate " + to;
                    f.truncate(to);
                    if (to < size) {
                        Arrays.fill(model, (int) to, (int) size, (byte) 0);
                    }
                    size = to;
                }
                assertThat(f.size()).as(what + ": size").isEqualTo(size);
                if ((op + 1) % 1000 == 0) {
                    assertWholeFile(f, model, size, what);
                }
            }
            ops = op;
            assertWholeFile(f, model, size, "end");
        }
        XfsRepair.assertClean(img);
        String want = sha256(model, (int) size);
        String kernel;
        long kernelSize;
        try (LoopMount m = LoopMount.mount(img, dir.resolve("mnt"), "ro")) {
            kernelSize = Files.size(m.path(NAME.substring(1)));
            kernel = sha256(Files.readAllBytes(m.path(NAME.substring(1))), (int) kernelSize);
        }
        System.out.printf("DaxAllocationTest: %d ops (%d writes, %d fallocates), %d blocks newly written by DAX "
                        + "writes, final size %d, %.1f s%n", ops, writes, fallocs, newlyWrittenBlocks, size,
                (System.nanoTime() - t0) / 1e9);
        assertThat(kernelSize).as("size the kernel sees").isEqualTo(size);
        assertThat(kernel).as("sha256 of the file read by the kernel").isEqualTo(want);
    }

    /** Preallocates a little and reads it from the device: stale bytes, or the checks of fresh blocks prove nothing. */
    private static void assertFreeSpaceIsStale(XfsFile f, Mount mp) throws Exception {
        f.fallocate(FallocMode.KEEP_SIZE, 0, 1 << 20);
        List<BmbtIrec> ext = f.extents();
        assertThat(ext).isNotEmpty();
        Geometry geo = mp.geometry();
        long daddr = geo.fsbToDaddr(ext.get(0).startblock());
        byte[] blk = new byte[geo.blocksize];
        mp.device().read(Geometry.bbToB(daddr), blk, 0, blk.length);
        byte[] want = new byte[blk.length];
        for (int i = 0; i < want.length; i++) {
            want[i] = StaleFreeSpace.byteOfSector(daddr + i / 512);
        }
        assertThat(blk).as("a preallocated block on the device holds the stale bytes").isEqualTo(want);
        f.punchHole(0, 1 << 20);
        assertThat(f.extents().stream().filter(BmbtIrec::isRealExtent)).isEmpty();
    }

    /** Offsets: anywhere, near EOF (before or past it), or block-aligned; never at MAX_FILE. */
    private static long writeOffset(SplittableRandom rnd, long size, int bs) {
        int shape = rnd.nextInt(10);
        long pos;
        if (shape < 5) {
            pos = rnd.nextLong(MAX_FILE);
        } else if (shape < 8) {
            pos = Math.max(0, size + rnd.nextInt(4 * bs) - 2L * bs);
        } else {
            pos = rnd.nextLong(MAX_FILE / bs) * bs;
        }
        return Math.min(pos, MAX_FILE - 1);
    }

    private static int writeLength(SplittableRandom rnd) {
        int shape = rnd.nextInt(10);
        if (shape < 4) {
            return 1 + rnd.nextInt(512);
        } else if (shape < 7) {
            return 1 + rnd.nextInt(8192);
        } else if (shape < 9) {
            return 1 + rnd.nextInt(64 << 10);
        }
        return 1 + rnd.nextInt(256 << 10);
    }

    /** One letter per file block up to {@code blocks}: H hole, U unwritten, W written. */
    static String states(List<BmbtIrec> extents, long blocks) {
        char[] s = new char[(int) blocks];
        Arrays.fill(s, 'H');
        for (BmbtIrec e : extents) {
            if (!e.isRealExtent()) {
                continue;
            }
            for (long b = e.startoff(); b < e.endoff() && b < blocks; b++) {
                s[(int) b] = e.isUnwritten() ? 'U' : 'W';
            }
        }
        return new String(s);
    }

    /** The checks after one write; returns how many blocks it turned from hole or unwritten into written. */
    private static long checkWrite(XfsFile f, Mount mp, byte[] model, long size, String before, long pos, int len,
            String what) throws Exception {
        Geometry geo = mp.geometry();
        int bs = geo.blocksize;
        List<BmbtIrec> extents = f.extents();
        long first = pos / bs;
        long last = (pos + len - 1) / bs;
        for (BmbtIrec e : extents) {
            if (e.isRealExtent() && e.startoff() <= last && e.endoff() > first) {
                assertThat(e.isUnwritten()).as("%s: extent %s overlapping the write is unwritten", what, e)
                        .isFalse();
            }
        }
        String after = states(extents, before.length());
        for (long b = first; b <= last; b++) {
            assertThat(after.charAt((int) b)).as("%s: block %d under the write", what, b).isEqualTo('W');
        }
        // the written bytes and the rest of their blocks, through the file (up to EOF)
        long from = first * bs;
        long to = Math.min(size, (last + 1) * bs);
        byte[] got = new byte[(int) (to - from)];
        assertThat(f.pread(from, got, 0, got.length)).as(what + ": pread length").isEqualTo(got.length);
        assertRange(got, model, from, what + ": pread of the written blocks");
        // blocks the write allocated or converted, from the device: the data, zeros elsewhere (past EOF too)
        long fresh = 0;
        byte[] blk = new byte[bs];
        for (BmbtIrec e : extents) {
            if (!e.isRealExtent()) {
                continue;
            }
            for (long b = e.startoff(); b < e.endoff() && b < before.length(); b++) {
                if (before.charAt((int) b) == 'W' || after.charAt((int) b) != 'W') {
                    continue;
                }
                fresh++;
                long dev = Geometry.bbToB(geo.fsbToDaddr(e.startblock())) + (b - e.startoff()) * bs;
                mp.device().read(dev, blk, 0, bs);
                assertRange(blk, model, b * bs, what + ": newly written block " + b + " on the device");
            }
        }
        return fresh;
    }

    private static void assertWholeFile(XfsFile f, byte[] model, long size, String what) throws Exception {
        byte[] got = new byte[(int) size];
        assertThat(f.pread(0, got, 0, got.length)).as(what + ": whole-file pread").isEqualTo(got.length);
        assertRange(got, model, 0, what + ": whole file");
    }

    /** {@code got} must equal {@code model[at..]}; names the first differing byte. */
    private static void assertRange(byte[] got, byte[] model, long at, String what) {
        int mismatch = Arrays.mismatch(got, 0, got.length, model, (int) at, (int) at + got.length);
        if (mismatch >= 0) {
            throw new AssertionError(String.format("%s: byte %d (file offset %d) is 0x%02x, the model says 0x%02x",
                    what, mismatch, at + mismatch, got[mismatch] & 0xff, model[(int) at + mismatch] & 0xff));
        }
    }

    static String sha256(byte[] data, int len) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(data, 0, len);
        return HexFormat.of().formatHex(md.digest());
    }
}
