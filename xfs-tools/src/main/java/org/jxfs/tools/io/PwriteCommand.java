// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.Arrays;
import java.util.List;

/**
 * The pwrite command of io/pwrite.c. The range is written as xfs_io writes it, one pwrite(2) of at most bsize bytes
 * at a time, in xfs_io's order (forwards, backwards, random, once), because each call is what the filesystem
 * allocates for: the same calls in the same order put the data in the same blocks.
 */
final class PwriteCommand {
    static final String HELP = "\n"
            + " writes a range of bytes (in block size increments) from the given offset\n"
            + "\n"
            + " Example:\n"
            + " 'pwrite 512 20' - writes 20 bytes at 512 bytes into the open file\n"
            + "\n"
            + " Writes into a segment of the currently open file, using either a buffer\n"
            + " filled with a set pattern (0xcdcdcdcd) or data read from an input file.\n"
            + " The writes are performed in sequential blocks starting at offset, with the\n"
            + " blocksize tunable using the -b option (default blocksize is 4096 bytes),\n"
            + " unless a different write pattern is requested.\n"
            + " -q   -- quiet mode, do not write anything to standard output.\n"
            + " -S   -- use an alternate seed number for filling the write buffer\n"
            + " -i   -- input file, source of data to write (used when writing forward)\n"
            + " -d   -- open the input file for direct IO\n"
            + " -s   -- skip a number of bytes at the start of the input file\n"
            + " -w   -- call fdatasync(2) at the end (included in timing results)\n"
            + " -W   -- call fsync(2) at the end (included in timing results)\n"
            + " -B   -- write backwards through the range from offset (backwards N bytes)\n"
            + " -F   -- write forwards through the range of bytes from offset (default)\n"
            + " -O   -- perform pwrite call once and return (maybe partial) bytes written\n"
            + " -R   -- write at random offsets in the specified range of bytes\n"
            + " -Z N -- zeed the random number generator (used when writing randomly)\n"
            + "         (heh, zorry, the -s/-S arguments were already in use in pwrite)\n"
            + " -V N -- use vectored IO with N iovecs of blocksize each (pwritev)\n"
            + " -N   -- Perform the pwritev2() with RWF_NOWAIT\n"
            + " -D   -- Perform the pwritev2() with RWF_DSYNC\n"
            + "\n";
    static final CmdInfo INFO = new CmdInfo("pwrite", "w", PwriteCommand::pwrite, 2, -1,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_FOREIGN_OK,
            "[-i infile [-qdDwNOW] [-s skip]] [-b bs] [-S seed] [-FBR [-Z N]] [-V N] off len",
            "writes a number of bytes at a specified offset", HELP);

    /** io.h's read/write patterns. */
    static final int IO_RANDOM = 0, IO_FORWARD = 1, IO_BACKWARD = -1, IO_ONCE = 2;
    /** pwrite's default seed: the buffer is memset with its low byte, 0xcd. */
    static final int DEFAULT_SEED = 0xcdcdcdcd;
    /** MAX_RW_COUNT: the most one read or write call moves (INT_MAX rounded down to a page). */
    static final long MAX_RW_COUNT = Integer.MAX_VALUE & ~4095L;

    private PwriteCommand() {
    }

    /** The running state of one pwrite: where it writes, and what the loop adds up. */
    private static final class Run {
        final IoShell sh;
        final IoFile f;
        long total;
        int ops;

        Run(IoShell sh) {
            this.sh = sh;
            this.f = sh.file().file();
        }

        /**
         * Ports do_pwrite without -V: pwrite(fd, io_buffer, min(count, bufferSize), offset). (The -N and -D flags
         * reach only pwritev2, which xfs_io calls for -V alone, so without -V they change nothing.)
         */
        int pwrite(long offset, long count, long bufferSize) throws IoException {
            return Vfs.pwrite(sh.file(), offset, sh.iobuf.bytes(), 0, (int) Math.min(count, bufferSize));
        }
    }

    /**
     * Ports pwrite_f. Options that need what jxfs io does not have (-i/-f: an input file outside the image;
     * -V: vectored I/O) get xfs_io's own answer for an option its build lacks, "pwrite: command -V not supported".
     */
    static int pwrite(IoShell sh, List<String> argv) {
        long bsize = sh.blocksize();
        long skip = 0;
        int seed = DEFAULT_SEED;
        int zeed = 0;
        boolean cflag = false, qflag = false, uflag = false, dflag = false, wflag = false, bigWflag = false;
        int direction = IO_FORWARD;
        Getopt g = sh.getopt(argv, "b:BCdDf:Fi:NqRs:OS:uV:wWZ:");
        for (int c; (c = g.next()) != Getopt.EOF; ) {
            switch (c) {
                case 'b' -> {
                    long tmp = sh.cvtnum(g.optarg());
                    if (tmp < 0) {
                        sh.out.print("non-numeric bsize -- " + g.optarg() + "\n");
                        sh.setExitcode(1);
                        return 0;
                    }
                    bsize = tmp;
                }
                case 'C' -> cflag = true;
                case 'F' -> direction = IO_FORWARD;
                case 'B' -> direction = IO_BACKWARD;
                case 'R' -> direction = IO_RANDOM;
                case 'O' -> direction = IO_ONCE;
                case 'd' -> dflag = true;
                case 'D', 'N' -> {
                }
                case 's' -> {
                    skip = sh.cvtnum(g.optarg());
                    if (skip < 0) {
                        sh.out.print("non-numeric skip -- " + g.optarg() + "\n");
                        sh.setExitcode(1);
                        return 0;
                    }
                }
                case 'S' -> {
                    Strtoul r = Strtoul.parse(g.optarg());
                    if (r.end() == 0) {
                        sh.out.print("non-numeric seed -- " + g.optarg() + "\n");
                        sh.setExitcode(1);
                        return 0;
                    }
                    seed = r.uint();
                }
                case 'q' -> qflag = true;
                case 'u' -> uflag = true;
                case 'w' -> wflag = true;
                case 'W' -> bigWflag = true;
                case 'Z' -> {
                    Strtoul r = Strtoul.parse(g.optarg());
                    if (r.end() == 0) {
                        sh.out.print("non-numeric seed -- " + g.optarg() + "\n");
                        sh.setExitcode(1);
                        return 0;
                    }
                    zeed = r.uint();
                }
                default -> {
                    // '?', or an option xfs_io has and jxfs io does not (-f/-i, -V)
                    sh.setExitcode(1);
                    if (c != '?') {
                        sh.out.print(argv.get(0) + ": command -" + (char) c + " not supported\n");
                    } else {
                        sh.usage(INFO);
                    }
                    return 0;
                }
            }
        }
        List<String> ops = g.operands();
        if (skip != 0 || dflag || ops.size() != 2) {       // -s and -d are for the input file, never given here
            sh.setExitcode(1);
            return sh.usage(INFO);
        }
        long offset = sh.cvtnum(ops.get(0));
        if (offset < 0) {
            sh.out.print("non-numeric offset argument -- " + ops.get(0) + "\n");
            sh.setExitcode(1);
            return 0;
        }
        long count = sh.cvtnum(ops.get(1));
        if (count < 0) {
            sh.out.print("non-numeric length argument -- " + ops.get(1) + "\n");
            sh.setExitcode(1);
            return 0;
        }
        if (!sh.iobuf.alloc(bsize, uflag, seed)) {
            sh.perror("memalign", new IoException(Errno.ENOMEM));
            sh.setExitcode(1);
            return 0;
        }

        Run run = new Run(sh);
        long t1 = System.nanoTime();
        int c;
        try {
            switch (direction) {
                case IO_RANDOM -> {
                    if (zeed == 0) {
                        zeed = (int) (System.currentTimeMillis() / 1000);      // time(NULL)
                    }
                    writeRandom(run, offset, count, zeed);
                }
                case IO_FORWARD -> writeBuffer(run, offset, count, bsize);
                case IO_BACKWARD -> count = writeBackward(run, offset, count);
                default -> writeOnce(run, offset, count, seed, uflag);
            }
            c = run.ops;
        } catch (IoException e) {
            sh.perror("pwrite", e);
            c = -1;
        }
        if (c < 0) {
            sh.setExitcode(1);
            return 0;
        }
        IoFile f = sh.file().file();
        if (bigWflag) {
            try {
                f.fsync();
            } catch (IoException e) {
                sh.perror("fsync", e);
                sh.setExitcode(1);
                return 0;
            }
        }
        if (wflag) {
            try {
                f.fdatasync();
            } catch (IoException e) {
                sh.perror("fdatasync", e);
                sh.setExitcode(1);
                return 0;
            }
        }
        if (qflag) {
            return 0;
        }
        IoTimes.Timeval t2 = IoTimes.Timeval.between(t1, System.nanoTime());
        sh.out.print(IoTimes.report("wrote", t2, offset, count, run.total, c, cflag));
        return 0;
    }

    /** Ports write_random: io_buffersize-sized writes at random buffer-aligned offsets of the range. */
    static void writeRandom(Run run, long offset, long count, int seed) throws IoException {
        long bs = run.sh.iobuf.size();
        if (bs == 0) {
            return;                 // xfs_io divides by zero here and dies of SIGFPE
        }
        GlibcRandom rnd = new GlibcRandom(seed);
        long bytes;
        if ((bytes = offset % bs) != 0) {
            offset -= bytes;
        }
        offset = Math.max(0, offset);
        if ((bytes = count % bs) != 0) {
            count += bytes;
        }
        count = Math.max(bs, count);
        long range = count - bs;
        while (count > 0) {
            long off = range != 0 ? ((offset + (rnd.next() % range)) / bs) * bs : offset;
            bytes = run.pwrite(off, bs, bs);
            if (bytes == 0) {
                break;
            }
            run.ops++;
            run.total += bytes;
            if (bytes < bs) {
                break;
            }
            count -= bytes;
        }
    }

    /**
     * Ports write_backward: a first write back to the buffer-size boundary below offset, then whole buffers
     * downwards. Returns the count as it leaves it (cut at offset 0). The loop compares the bytes left with the
     * lowest offset, as xfs_io does, so most ranges that do not start near 0 write only the first piece.
     */
    static long writeBackward(Run run, long offset, long count) throws IoException {
        long bs = run.sh.iobuf.size();
        long off = offset;
        long cnt = count;
        long end;
        if ((end = off - cnt) < 0) {
            cnt += end;
            end = 0;
        }
        long newCount = cnt;
        long bytesRequested;
        if (bs != 0 && (bytesRequested = off % bs) != 0) {
            bytesRequested = Math.min(cnt, bytesRequested);
            off -= bytesRequested;
            long bytes = run.pwrite(off, bytesRequested, bs);
            if (bytes == 0) {
                return newCount;
            }
            run.ops++;
            run.total += bytes;
            if (bytes < bytesRequested) {
                return newCount;
            }
            cnt -= bytes;
        }
        while (cnt > end) {
            bytesRequested = Math.min(cnt, bs);
            off -= bytesRequested;
            long bytes = run.pwrite(off, cnt, bs);
            if (bytes == 0) {
                break;
            }
            run.ops++;
            run.total += bytes;
            if (bytes < bytesRequested) {
                break;
            }
            cnt -= bytes;
        }
        return newCount;
    }

    /** Ports write_buffer without an input file: writes of min(bsize, count) bytes, forwards, until done or short. */
    static void writeBuffer(Run run, long offset, long count, long bs) throws IoException {
        long bar = Math.min(bs, count);
        while (count >= 0) {
            long bytes = run.pwrite(offset, count, bar);
            if (bytes == 0) {
                break;
            }
            run.ops++;
            run.total += bytes;
            if (bytes < Math.min(count, bar)) {
                break;
            }
            offset += bytes;
            count -= bytes;
            if (count == 0) {
                break;
            }
        }
    }

    /**
     * Ports write_once: one pwrite of the whole count. xfs_io hands the kernel {@code count} bytes from its
     * bsize-sized buffer, reading past its end when count is larger; here the bytes past the buffer are the seed's
     * pattern, as if the buffer had been big enough (the count is capped at MAX_RW_COUNT as the kernel caps it).
     */
    static void writeOnce(Run run, long offset, long count, int seed, boolean uflag) throws IoException {
        IoBuffer b = run.sh.iobuf;
        long n = Math.min(count, MAX_RW_COUNT);
        if (n > b.size()) {
            int size = b.size();
            byte[] keep = Arrays.copyOf(b.bytes(), size);
            if (!b.alloc(n, uflag, seed)) {
                throw new IoException(Errno.EFAULT);
            }
            System.arraycopy(keep, 0, b.bytes(), 0, size);
            run.total = run.pwrite(offset, n, n);
            b.alloc(size, true, seed);
        } else {
            run.total = run.pwrite(offset, n, n);
        }
        run.ops = 1;
    }
}
