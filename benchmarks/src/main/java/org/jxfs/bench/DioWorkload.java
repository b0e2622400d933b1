// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bench;

import java.util.Arrays;
import java.util.List;
import org.jxfs.aops.XfsEndIo;
import org.jxfs.aops.XfsGetBlocks;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.core.XfsException;
import org.jxfs.core.dev.BlockDevice;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;
import org.jxfs.dax.BufferHead;
import org.jxfs.fs.DaxFiles;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;

/**
 * The two write workloads of {@link DirectIoBenchmark}, shared with the paired runner {@link DioRounds} so that
 * the JMH figures and the ratios against the kernel time the same code. Each mirrors what
 * {@code benchmarks/kernel-dio-rate.sh} has xfs_io do on a loop-mounted image: {@link #WRITES} pwrites of 4 KiB
 * filled with xfs_io's 0xcd pattern, at block {@code stride * i}.
 * <ul>
 * <li>Into unwritten extents: an O_DIRECT file preallocated by fallocate(0) over all the blocks the writes touch
 * ({@code xfs_io -f -c 'falloc 0 LEN'}), so each write maps the unwritten extent through __xfs_get_blocks, copies
 * the data and then converts the block (xfs_end_io_direct_write -> xfs_iomap_write_unwritten, a transaction with
 * xfs_bmapi_write(CONVERT)). Stride 1 writes the next block each time, so the written extent grows and the
 * unwritten one shrinks (two extents throughout); stride 2 splits the unwritten extent at every write, leaving
 * {@code 2 * WRITES} extents in a btree fork, as in the kernel measurement of docs/performance.md's bmap section.</li>
 * <li>Allocating DAX writes: a file with FS_XFLAG_DAX set while empty and then sized by ftruncate (no blocks),
 * written at every other block, so each write is a hole inside EOF: __xfs_get_blocks(create) ->
 * xfs_iomap_write_direct with CONVERT | ZERO, which allocates a written extent and zeroes its block before the
 * transaction commits (the 4.4 fix), then the data copy. No size change and no completion transaction.</li>
 * </ul>
 * Two halves of a write, timed apart to show where its time goes: {@link #mapAndComplete} is the file system's
 * part (the get_block and the completion, what FileIo.directWrite does around the copy) and {@link #copies} the
 * device's part (the 4 KiB copies into the image at the same device addresses, nothing else).
 */
final class DioWorkload {
    /** Writes per run, as the kernel script's xfs_io invocation. */
    static final int WRITES = 20_000;
    static final int BLOCK = 4096;
    static final long IMAGE_BYTES = 1L << 30;
    /** FS_XFLAG_DAX (chattr +x). */
    static final int FS_XFLAG_DAX = 0x8000;
    static final int DAX_STRIDE = 2;

    private DioWorkload() {
    }

    /** 4 KiB of 0xcd, the pattern xfs_io's pwrite writes by default. */
    static byte[] buffer() {
        byte[] b = new byte[BLOCK];
        Arrays.fill(b, (byte) 0xcd);
        return b;
    }

    /** Opens {@code /f} with O_CREAT | O_DIRECT and preallocates the blocks the writes at {@code stride} touch. */
    static XfsFile unwrittenFile(Xfs fs, int stride) throws XfsException {
        XfsFile f = fs.openFile("/f", true, false, true);
        f.fallocate(0, (long) WRITES * stride * BLOCK);
        return f;
    }

    /**
     * Creates {@code /f}, sets FS_XFLAG_DAX while it is empty and sizes it, all a hole, for the DAX writes. The
     * mount's pmem view is made first ({@link DaxFiles#pmem}), which installs dax_clear_blocks as the device's
     * zeroing, as a DAX-capable device has in the kernel; jxfs otherwise makes it on the first DAX mmap only, and
     * the allocations would zero through the block device's plain zeroing instead.
     */
    static XfsFile daxFile(Xfs fs) throws XfsException {
        DaxFiles.of(fs.mount()).pmem();
        XfsFile f = fs.openFile("/f", true, false, false);
        f.fssetxflags(FS_XFLAG_DAX);
        if (!f.isDax()) {
            throw new IllegalStateException("FS_XFLAG_DAX did not make the inode DAX");
        }
        f.truncate((long) WRITES * DAX_STRIDE * BLOCK);
        return f;
    }

    /**
     * The file system's part of {@link #writes}: for each write, under the shared iolock as an aligned write inside
     * EOF takes it, __xfs_get_blocks(create, direct) and xfs_end_io_direct_write, but no data is copied. For a DAX
     * file the get_block allocates and zeroes (CONVERT | ZERO), so only the copy of the data is left out.
     */
    static long mapAndComplete(Xfs fs, XfsFile f, int stride, boolean dax) throws XfsException {
        Mount mp = fs.mount();
        Inode ip = f.inode();
        BufferHead bh = new BufferHead();
        long n = 0;
        for (int i = 0; i < WRITES; i++) {
            long iblock = (long) i * stride;
            ip.iolock.readLock().lock();
            try {
                bh.reset(BLOCK);
                XfsGetBlocks.getBlocks(mp, ip, iblock, bh, true, true, dax);
                XfsEndIo.endIoDirectWrite(mp, ip, iblock * BLOCK, BLOCK, bh.unwritten());
                n += bh.blocknr;
            } finally {
                ip.iolock.readLock().unlock();
            }
        }
        return n;
    }

    /** The device byte address of each write's block, from the file's extents (a preallocated file: all mapped). */
    static long[] deviceOffsets(Xfs fs, XfsFile f, int stride) throws XfsException {
        Geometry geo = fs.mount().geometry();
        List<BmbtIrec> extents = f.extents();
        long[] off = new long[WRITES];
        int e = 0;
        for (int i = 0; i < WRITES; i++) {
            long fsb = (long) i * stride;
            while (extents.get(e).startoff() + extents.get(e).blockcount() <= fsb) {
                e++;
            }
            BmbtIrec m = extents.get(e);
            if (fsb < m.startoff()) {
                throw new IllegalStateException("file block " + fsb + " is not preallocated");
            }
            off[i] = Geometry.bbToB(geo.fsbToDaddr(m.startblock() + fsb - m.startoff()));
        }
        return off;
    }

    /**
     * The device's part of {@link #writes}: the same 4 KiB data writes into the image, at {@code offsets}, then a
     * read of the last, so the data still held in the device's write cache reaches the image inside the timing.
     */
    static long copies(BlockDevice dev, long[] offsets, byte[] buf) throws XfsException {
        for (long off : offsets) {
            dev.writeData(off, buf, 0, BLOCK);
        }
        dev.read(offsets[offsets.length - 1], new byte[BLOCK], 0, BLOCK);
        return offsets.length;
    }

    /**
     * The timed part: {@link #WRITES} 4 KiB pwrites at block {@code stride * i}, then a read of the last block, so
     * the data still held in the device's write cache reaches the image inside the timing; returns the bytes
     * written.
     */
    static long writes(XfsFile f, byte[] buf, int stride) throws XfsException {
        long step = (long) stride * BLOCK;
        long n = 0;
        for (int i = 0; i < WRITES; i++) {
            n += f.pwrite(i * step, buf, 0, BLOCK);
        }
        f.pread((WRITES - 1) * step, new byte[BLOCK], 0, BLOCK);
        return n;
    }
}
