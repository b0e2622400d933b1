// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.List;

/** The pread command of io/pread.c: reads in bsize pieces, forwards, backwards or at random, -v dumps the data. */
final class PreadCommand {
    static final String HELP = "\n"
            + " reads a range of bytes in a specified block size from the given offset\n"
            + "\n"
            + " Example:\n"
            + " 'pread -v 512 20' - dumps 20 bytes read from 512 bytes into the file\n"
            + "\n"
            + " Reads a segment of the currently open file, optionally dumping it to the\n"
            + " standard output stream (with -v option) for subsequent inspection.\n"
            + " The reads are performed in sequential blocks starting at offset, with the\n"
            + " blocksize tunable using the -b option (default blocksize is 4096 bytes),\n"
            + " unless a different pattern is requested.\n"
            + " -q   -- quiet mode, do not write anything to standard output.\n"
            + " -B   -- read backwards through the range from offset (backwards N bytes)\n"
            + " -F   -- read forwards through the range of bytes from offset (default)\n"
            + " -v   -- be verbose, dump out buffers (used when reading forwards)\n"
            + " -R   -- read at random offsets in the range of bytes\n"
            + " -Z N -- zeed the random number generator (used when reading randomly)\n"
            + "         (heh, zorry, the -s/-S arguments were already in use in pwrite)\n"
            + " -V N -- use vectored IO with N iovecs of blocksize each (preadv)\n"
            + "\n"
            + " When in \"random\" mode, the number of read operations will equal the\n"
            + " number required to do a complete forward/backward scan of the range.\n"
            + " Note that the offset within the range is chosen at random each time\n"
            + " (an offset may be read more than once when operating in this mode).\n"
            + "\n";
    static final CmdInfo INFO = new CmdInfo("pread", "r", PreadCommand::pread, 2, -1,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_FOREIGN_OK, "[-b bs] [-qv] [-i N] [-FBR [-Z N]] off len",
            "reads a number of bytes at a specified offset", HELP);

    /** pread's buffer fill before reading. */
    static final int FILL = 0xabababab;

    private PreadCommand() {
    }

    /** The running state of one pread. */
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
         * Ports do_pread without -V: pread(fd, io_buffer, min(count, bufferSize), offset), the min taken unsigned
         * as C's usual conversions take it (a negative count, "to EOF", reads whole buffers).
         */
        int pread(long offset, long count, long bufferSize) throws IoException {
            return f.pread(offset, sh.iobuf.bytes(), 0, (int) umin(count, bufferSize));
        }

        long filesize() throws IoException {
            return f.inode().size();
        }
    }

    /** min() of a long long and a size_t: both compared as unsigned 64-bit. */
    static long umin(long a, long b) {
        return Long.compareUnsigned(a, b) < 0 ? a : b;
    }

    /**
     * Ports pread_f. A negative or unparseable offset means "from EOF" and a negative or unparseable length "to
     * EOF", for the directions xfs_io's bit tests let through (IO_RANDOM is 0, so its tests pass forwards and
     * backwards, not random). -V (vectored I/O) gets the usage, as in an xfs_io built without preadv.
     */
    static int pread(IoShell sh, List<String> argv) {
        long bsize = sh.blocksize();
        int zeed = 0;
        boolean cflag = false, qflag = false, uflag = false, vflag = false;
        int direction = PwriteCommand.IO_FORWARD;
        Getopt g = sh.getopt(argv, "b:BCFRquvV:Z:");
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
                case 'F' -> direction = PwriteCommand.IO_FORWARD;
                case 'B' -> direction = PwriteCommand.IO_BACKWARD;
                case 'R' -> direction = PwriteCommand.IO_RANDOM;
                case 'q' -> qflag = true;
                case 'u' -> uflag = true;
                case 'v' -> vflag = true;
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
                    sh.setExitcode(1);
                    return sh.usage(INFO);
                }
            }
        }
        List<String> ops = g.operands();
        if (ops.size() != 2) {
            sh.setExitcode(1);
            return sh.usage(INFO);
        }
        boolean eof = false;
        long offset = sh.cvtnum(ops.get(0));
        if (offset < 0 && (direction & (PwriteCommand.IO_RANDOM | PwriteCommand.IO_BACKWARD)) != 0) {
            eof = true;         // read from EOF
        } else if (offset < 0) {
            sh.out.print("non-numeric length argument -- " + ops.get(0) + "\n");
            sh.setExitcode(1);
            return 0;
        }
        long count = sh.cvtnum(ops.get(1));
        if (count < 0 && (direction & (PwriteCommand.IO_RANDOM | PwriteCommand.IO_FORWARD)) != 0) {
            eof = true;         // read to EOF
        } else if (count < 0) {
            sh.out.print("non-numeric length argument -- " + ops.get(1) + "\n");
            sh.setExitcode(1);
            return 0;
        }
        if (!sh.iobuf.alloc(bsize, uflag, FILL)) {
            sh.perror("memalign", new IoException(Errno.ENOMEM));
            sh.setExitcode(1);
            return 0;
        }

        Run run = new Run(sh);
        long t1 = System.nanoTime();
        try {
            switch (direction) {
                case PwriteCommand.IO_RANDOM -> {
                    if (zeed == 0) {
                        zeed = (int) (System.currentTimeMillis() / 1000);      // time(NULL)
                    }
                    readRandom(run, offset, count, zeed, eof);
                }
                case PwriteCommand.IO_FORWARD -> {
                    readForward(run, offset, count, vflag, eof);
                    if (eof) {
                        count = run.total;
                    }
                }
                default -> {
                    long[] oc = readBackward(run, offset, count, eof);
                    offset = oc[0];
                    count = oc[1];
                }
            }
        } catch (IoException e) {
            sh.perror("pread", e);
            sh.setExitcode(1);
            return 0;
        }
        if (qflag) {
            return 0;
        }
        IoTimes.Timeval t2 = IoTimes.Timeval.between(t1, System.nanoTime());
        sh.out.print(IoTimes.report("read", t2, offset, count, run.total, run.ops, cflag));
        return 0;
    }

    /** Ports read_random: buffer-sized reads at random buffer-aligned offsets of the range. */
    static void readRandom(Run run, long offset, long count, int seed, boolean eof) throws IoException {
        long bs = run.sh.iobuf.size();
        GlibcRandom rnd = new GlibcRandom(seed);
        long end = run.filesize();                                 // lseek(fd, 0, SEEK_END)
        offset = (eof || offset > end) ? end : offset;
        if (bs == 0) {
            return;                 // xfs_io divides by zero here and dies of SIGFPE
        }
        long bytes;
        if ((bytes = offset % bs) != 0) {
            offset -= bytes;
        }
        offset = Math.max(0, offset);
        if ((bytes = count % bs) != 0) {
            count += bytes;
        }
        count = umax(bs, count);
        long range = count - bs;
        while (count > 0) {
            long off = range != 0 ? ((offset + (rnd.next() % range)) / bs) * bs : offset;
            bytes = run.pread(off, bs, bs);
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

    /** max() of a size_t and a long long, compared unsigned. */
    private static long umax(long a, long b) {
        return Long.compareUnsigned(a, b) > 0 ? a : b;
    }

    /**
     * Ports read_backward: from offset (or EOF) down, first back to a buffer boundary, then whole buffers; the
     * loop compares the bytes left with the lowest offset, as xfs_io does. Returns the offset and count as it
     * leaves them, which the summary prints.
     */
    static long[] readBackward(Run run, long offset, long count, boolean eof) throws IoException {
        long bs = run.sh.iobuf.size();
        long end = run.filesize();
        long off = eof ? end : Math.min(end, offset);          // lseek(fd, off, SEEK_SET) returns off
        long cnt = count;
        if ((end = off - cnt) < 0) {
            cnt += end;
            end = 0;
        }
        long[] result = {off, cnt};
        long bytesRequested;
        if (bs != 0 && (bytesRequested = off % bs) != 0) {
            off -= bytesRequested;
            long bytes = run.pread(off, bytesRequested, bs);
            if (bytes == 0) {
                return result;
            }
            run.ops++;
            run.total += bytes;
            if (bytes < bytesRequested) {
                return result;
            }
            cnt -= bytes;
        }
        while (cnt > end) {
            bytesRequested = umin(cnt, bs);
            off -= bytesRequested;
            long bytes = run.pread(off, cnt, bs);
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
        return result;
    }

    /** Ports read_forward: reads of up to io_buffersize bytes until the count is done, a short read, or EOF. */
    static void readForward(Run run, long offset, long count, boolean verbose, boolean eof) throws IoException {
        long bs = run.sh.iobuf.size();
        while (count > 0 || eof) {
            long bytes = run.pread(offset, count, bs);
            if (bytes == 0) {
                break;
            }
            run.ops++;
            if (verbose) {
                run.sh.out.print(run.sh.iobuf.dump(offset, (int) bytes));
            }
            run.total += bytes;
            if (Long.compareUnsigned(bytes, umin(count, bs)) < 0) {
                break;
            }
            offset += bytes;
            count -= bytes;
        }
    }
}
