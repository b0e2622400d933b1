// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.List;
import org.jxfs.core.libfrog.Convert;

/**
 * io/mmap.c: mmap, mread, mwrite, msync and munmap over the table of mapped regions ({@link MapTable}). Offsets
 * are file offsets checked against the current mapping by check_mapping_range, whose comparisons are ported as
 * they are (a range can pass them and still reach past the mapping). An access that faults ends the interpreter
 * the way the signal ends xfs_io ({@link IoSignal}).
 */
final class MmapCommands {
    static final int MS_ASYNC = 1;
    static final int MS_INVALIDATE = 2;
    static final int MS_SYNC = 4;

    static final CmdInfo MMAP = new CmdInfo("mmap", "mm", MmapCommands::mmap, 0, -1,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_NOFILE_OK | CmdInfo.CMD_FOREIGN_OK | CmdInfo.CMD_FLAG_ONESHOT,
            "[N] | [-rwxS] [-s size] [off len]", "mmap a range in the current file, show mappings", "\n"
            + " maps a range within the current file into memory\n"
            + "\n"
            + " Example:\n"
            + " 'mmap -rw 0 1m' - maps one megabyte from the start of the current file\n"
            + "\n"
            + " Memory maps a range of a file for subsequent use by other xfs_io commands.\n"
            + " With no arguments, mmap shows the current mappings.  The current mapping\n"
            + " can be set by using the single argument form (mapping number or address).\n"
            + " If two arguments are specified (a range), a new mapping is created and the\n"
            + " following options are available:\n"
            + " -r -- map with PROT_READ protection\n"
            + " -w -- map with PROT_WRITE protection\n"
            + " -x -- map with PROT_EXEC protection\n"
            + " -S -- map with MAP_SYNC and MAP_SHARED_VALIDATE flags\n"
            + " -s <size> -- first do mmap(size)/munmap(size), try to reserve some free space\n"
            + " If no protection mode is specified, all are used by default.\n"
            + "\n");
    static final CmdInfo MREAD = new CmdInfo("mread", "mr", MmapCommands::mread, 0, -1,
            CmdInfo.CMD_NOFILE_OK | CmdInfo.CMD_FOREIGN_OK, "[-r] [off len]",
            "reads data from a region in the current memory mapping", "\n"
            + " reads a range of bytes in the current memory mapping\n"
            + "\n"
            + " Example:\n"
            + " 'mread -v 512 20' - dumps 20 bytes read from 512 bytes into the mapping\n"
            + "\n"
            + " Accesses a range of the current memory mapping, optionally dumping it to\n"
            + " the standard output stream (with -v option) for subsequent inspection.\n"
            + " -f -- verbose mode, dump bytes with offsets relative to start of file.\n"
            + " -r -- reverse order; start accessing from the end of range, moving backward\n"
            + " -v -- verbose mode, dump bytes with offsets relative to start of mapping.\n"
            + " The accesses are performed sequentially from the start offset by default.\n"
            + " Notes:\n"
            + "   References to whole pages following the end of the backing file results\n"
            + "   in delivery of the SIGBUS signal.  SIGBUS signals may also be delivered\n"
            + "   on various filesystem conditions, including quota exceeded errors, and\n"
            + "   for physical device errors (such as unreadable disk blocks).  No attempt\n"
            + "   has been made to catch signals at this stage...\n"
            + "\n");
    static final CmdInfo MREMAP = new CmdInfo("mremap", "mrm", MmapCommands::mremap, 1, 3,
            CmdInfo.CMD_NOFILE_OK | CmdInfo.CMD_FOREIGN_OK, "[-m|-f <new_address>] newsize",
            "alters the size of the current memory mapping", "\n"
            + " resizes the current memory mapping\n"
            + "\n"
            + " Examples:\n"
            + " 'mremap 8192' - resizes the current mapping to 8192 bytes.\n"
            + "\n"
            + " Resizes the mapping, growing or shrinking from the current size.\n"
            + " The default stored value is 'X', repeated to fill the range specified.\n"
            + " -f <new_address> -- use MREMAP_FIXED flag to mremap on new_address\n"
            + " -m -- use the MREMAP_MAYMOVE flag\n"
            + "\n");
    static final CmdInfo MSYNC = new CmdInfo("msync", "ms", MmapCommands::msync, 0, -1,
            CmdInfo.CMD_NOFILE_OK | CmdInfo.CMD_FOREIGN_OK, "[-ais] [off len]",
            "flush a region in the current memory mapping", "\n"
            + " flushes a range of bytes in the current memory mapping\n"
            + "\n"
            + " Writes all modified copies of pages over the specified range (or entire\n"
            + " mapping if no range specified) to their backing storage locations.  Also,\n"
            + " optionally invalidates so that subsequent references to the pages will be\n"
            + " obtained from their backing storage locations (instead of cached copies).\n"
            + " -a -- perform asynchronous writes (MS_ASYNC)\n"
            + " -i -- invalidate mapped pages (MS_INVALIDATE)\n"
            + " -s -- perform synchronous writes (MS_SYNC)\n"
            + "\n");
    static final CmdInfo MUNMAP = new CmdInfo("munmap", "mu", MmapCommands::munmap, 0, 0,
            CmdInfo.CMD_NOFILE_OK | CmdInfo.CMD_FOREIGN_OK, null, "unmaps the current memory mapping", null);
    static final CmdInfo MWRITE = new CmdInfo("mwrite", "mw", MmapCommands::mwrite, 0, -1,
            CmdInfo.CMD_NOFILE_OK | CmdInfo.CMD_FOREIGN_OK, "[-r] [-S seed] [off len]",
            "writes data into a region in the current memory mapping", "\n"
            + " dirties a range of bytes in the current memory mapping\n"
            + "\n"
            + " Example:\n"
            + " 'mwrite 512 20 - writes 20 bytes at 512 bytes into the current mapping.\n"
            + "\n"
            + " Stores a byte into memory for a range within a mapping.\n"
            + " The default stored value is 'X', repeated to fill the range specified.\n"
            + " -S -- use an alternate seed character\n"
            + " -r -- reverse order; start storing from the end of range, moving backward\n"
            + " The stores are performed sequentially from the start offset by default.\n"
            + "\n");

    private MmapCommands() {
    }

    /** Ports print_mapping. */
    static String formatMapping(MapTable.Region map, int index, boolean braces) {
        StringBuilder prot = new StringBuilder();
        prot.append((map.prot() & MapTable.PROT_READ) != 0 ? 'r' : '-');
        prot.append((map.prot() & MapTable.PROT_WRITE) != 0 ? 'w' : '-');
        prot.append((map.prot() & MapTable.PROT_EXEC) != 0 ? 'x' : '-');
        int sync = MapTable.MAP_SYNC | MapTable.MAP_SHARED_VALIDATE;
        if ((map.flags() & sync) == sync) {
            prot.append(" S");
        }
        return String.format("%c%03d%c 0x%x - 0x%x %s  %14s (%d : %d)\n", braces ? '[' : ' ', index,
                braces ? ']' : ' ', map.addr(), map.addr() + map.length(), prot,
                map.name() != null ? map.name() : "???", map.offset(), map.length());
    }

    /** Ports maplist_f. */
    static int maplist(IoShell sh) {
        MapTable t = sh.maps;
        for (int i = 0; i < t.count(); i++) {
            sh.out.print(formatMapping(t.get(i), i, i == t.currentIndex()));
        }
        return 0;
    }

    /** Ports mapset_f. */
    private static int mapset(IoShell sh, List<String> argv) {
        int i = Convert.atoi(argv.get(1));
        if (i < 0 || i >= sh.maps.count()) {
            sh.out.printf("value %d is out of range (0-%d)\n", i, sh.maps.count());
            sh.setExitcode(1);
        } else {
            sh.maps.setCurrent(i);
            maplist(sh);
        }
        return 0;
    }

    private static void noMapping(IoShell sh) {
        sh.err.print(sh.file() != null ? "no mapped regions, try 'help mmap'\n"
                : "no files are open, try 'help open'\n");
        sh.setExitcode(1);
    }

    /** Ports mmap_f. */
    static int mmap(IoShell sh, List<String> argv) {
        int argc = argv.size();
        if (argc == 1) {
            if (sh.maps.current() != null) {
                return maplist(sh);
            }
            noMapping(sh);
            return 0;
        } else if (argc == 2) {
            if (sh.maps.current() != null) {
                return mapset(sh, argv);
            }
            noMapping(sh);
            return 0;
        } else if (sh.file() == null) {
            sh.err.print("no files are open, try 'help open'\n");
            sh.setExitcode(1);
            return 0;
        }
        int prot = 0;
        int flags = MapTable.MAP_SHARED;
        long length2 = 0;
        Getopt g = sh.getopt(argv, "rwxSs:");
        for (int c; (c = g.next()) != Getopt.EOF; ) {
            switch (c) {
                case 'r' -> prot |= MapTable.PROT_READ;
                case 'w' -> prot |= MapTable.PROT_WRITE;
                case 'x' -> prot |= MapTable.PROT_EXEC;
                case 'S' -> flags = MapTable.MAP_SYNC | MapTable.MAP_SHARED_VALIDATE;
                case 's' -> length2 = sh.cvtnum(g.optarg());
                default -> {
                    sh.setExitcode(1);
                    return sh.usage(MMAP);
                }
            }
        }
        if (prot == 0) {
            prot = MapTable.PROT_READ | MapTable.PROT_WRITE | MapTable.PROT_EXEC;
        }
        List<String> ops = g.operands();
        if (ops.size() != 2) {
            sh.setExitcode(1);
            return sh.usage(MMAP);
        }
        long offset = sh.cvtnum(ops.get(0));
        if (offset < 0) {
            sh.out.print("non-numeric offset argument -- " + ops.get(0) + "\n");
            sh.setExitcode(1);
            return 0;
        }
        long length = sh.cvtnum(ops.get(1));
        if (length < 0) {
            sh.out.print("non-numeric length argument -- " + ops.get(1) + "\n");
            sh.setExitcode(1);
            return 0;
        }
        // mmap(length2) and munmap it at once: its address is only a hint for the real mapping
        long hint = length2 > length ? sh.maps.place(length2, 0) : 0;
        OpenFile f = sh.file();
        IoMapping handle;
        try {
            Vfs.mmap(f, offset, length, prot);
            handle = f.file().mmap(offset, length, (prot & MapTable.PROT_WRITE) != 0,
                    flags != MapTable.MAP_SHARED);
        } catch (IoException e) {
            sh.perror("mmap", e);
            sh.setExitcode(1);
            return 0;
        }
        long addr = sh.maps.place(length, hint);
        sh.maps.add(new MapTable.Region(addr, length, offset, prot, flags, f.name(), handle));
        return 0;
    }

    /** The [off len] operands of mread, mwrite and msync: null after a message when they do not parse. */
    private static long[] range(IoShell sh, List<String> ops, CmdInfo ct, boolean usageExitcode) {
        MapTable.Region mapping = sh.maps.current();
        if (ops.isEmpty()) {
            return new long[] {mapping.offset(), mapping.length()};
        }
        if (ops.size() != 2) {
            if (usageExitcode) {
                sh.setExitcode(1);
            }
            sh.usage(ct);
            return null;
        }
        long offset = sh.cvtnum(ops.get(0));
        if (offset < 0) {
            sh.out.print("non-numeric offset argument -- " + ops.get(0) + "\n");
            sh.setExitcode(1);
            return null;
        }
        long length = sh.cvtnum(ops.get(1));
        if (length < 0) {
            sh.out.print("non-numeric length argument -- " + ops.get(1) + "\n");
            sh.setExitcode(1);
            return null;
        }
        return new long[] {offset, length};
    }

    /**
     * Ports check_mapping_range: the address of {@code offset} in the current mapping, or -1 after a message. The
     * comparisons are xfs_io's own, relative and absolute offsets mixed as they are there.
     */
    static long checkMappingRange(IoShell sh, long offset, long length, boolean pagealign) {
        MapTable.Region mapping = sh.maps.current();
        if (offset < mapping.offset()) {
            sh.out.printf("offset (%d) is before start of mapping (%d)\n", offset, mapping.offset());
            return -1;
        }
        long relative = offset - mapping.offset();
        if (relative > mapping.length()) {
            sh.out.printf("offset (%d) is beyond end of mapping (%d)\n", relative, mapping.offset());
            return -1;
        }
        if (Long.compareUnsigned(relative + length, mapping.offset() + mapping.length()) > 0) {
            sh.out.printf("range (%d:%d) is beyond mapping (%d:%d)\n", offset, relative, mapping.offset(),
                    mapping.length());
            return -1;
        }
        if (pagealign && ((mapping.addr() + relative) & (MapTable.PAGE_SIZE - 1)) != 0) {
            sh.out.printf("offset address (0x%x) is not page aligned\n", mapping.addr() + relative);
            return -1;
        }
        return mapping.addr() + relative;
    }

    /** The process dies of the signal: the loop stops with 128 + signo, and the shell names the signal. */
    private static int killed(IoShell sh, IoSignal s) {
        sh.out.flush();
        sh.err.print(s.description() + "\n");
        sh.setExitcode(128 + s.signo());
        return 1;
    }

    /** Ports msync_f. */
    static int msync(IoShell sh, List<String> argv) {
        int flags = 0;
        Getopt g = sh.getopt(argv, "ais");
        for (int c; (c = g.next()) != Getopt.EOF; ) {
            switch (c) {
                case 'a' -> flags |= MS_ASYNC;
                case 'i' -> flags |= MS_INVALIDATE;
                case 's' -> flags |= MS_SYNC;
                default -> {
                    sh.setExitcode(1);
                    return sh.usage(MSYNC);
                }
            }
        }
        long[] r = range(sh, g.operands(), MSYNC, true);
        if (r == null) {
            return 0;
        }
        long start = checkMappingRange(sh, r[0], r[1], true);
        if (start < 0) {
            sh.setExitcode(1);
            return 0;
        }
        try {
            sh.maps.msync(start, r[1], flags);
        } catch (IoSignal s) {
            return killed(sh, s);
        } catch (IoException e) {
            sh.perror("msync", e);
            sh.setExitcode(1);
        }
        return 0;
    }

    /** Ports mread_f, with its quirks: the first piece dumped is length % pagesize, or nothing when that is 1. */
    static int mread(IoShell sh, List<String> argv) {
        int dump = 0;
        boolean rflag = false;
        Getopt g = sh.getopt(argv, "frv");
        for (int c; (c = g.next()) != Getopt.EOF; ) {
            switch (c) {
                case 'f' -> dump = 2;
                case 'r' -> rflag = true;
                case 'v' -> dump = 1;
                default -> {
                    sh.setExitcode(1);
                    return sh.usage(MREAD);
                }
            }
        }
        long[] r = range(sh, g.operands(), MREAD, false);
        if (r == null) {
            return 0;
        }
        long offset = r[0];
        long length = r[1];
        if (checkMappingRange(sh, offset, length, false) < 0) {
            sh.setExitcode(1);
            return 0;
        }
        MapTable.Region mapping = sh.maps.current();
        long dumpoffset = offset - mapping.offset();
        long printoffset = dump == 2 ? offset : dumpoffset;
        int pagesize = (int) MapTable.PAGE_SIZE;
        sh.iobuf.alloc(pagesize, false, 0);
        byte[] buf = sh.iobuf.bytes();
        int bp = 0;
        long cnt = 0;
        long dumplen = length % pagesize;
        if (dumplen == 0) {
            dumplen = pagesize;
        }
        long base = mapping.addr() + dumpoffset;
        try {
            boolean c = false;
            if (rflag) {
                for (long tmp = length - 1; tmp >= 0; tmp--, c = true) {
                    byte b = sh.maps.load(base + tmp);
                    if (bp < buf.length) {
                        buf[bp] = b;        // past the buffer, xfs_io scribbles on the heap instead
                    }
                    cnt++;
                    if (c && cnt == dumplen) {
                        if (dump != 0) {
                            sh.out.print(sh.iobuf.dump(printoffset, (int) dumplen));
                            printoffset += dumplen;
                        }
                        bp = 0;
                        dumplen = pagesize;
                        cnt = 0;
                    } else {
                        bp++;
                    }
                }
            } else {
                for (long tmp = 0; tmp < length; tmp++, c = true) {
                    byte b = sh.maps.load(base + tmp);
                    if (bp < buf.length) {
                        buf[bp] = b;
                    }
                    cnt++;
                    if (c && cnt == dumplen) {
                        if (dump != 0) {
                            sh.out.print(sh.iobuf.dump(printoffset + tmp - (dumplen - 1), (int) dumplen));
                        }
                        bp = 0;
                        dumplen = pagesize;
                        cnt = 0;
                    } else {
                        bp++;
                    }
                }
            }
        } catch (IoSignal s) {
            return killed(sh, s);
        } catch (IoException e) {
            sh.perror("mread", e);      // not a signal: an I/O error the fault reported (SIGBUS in the kernel)
            sh.setExitcode(1);
        }
        return 0;
    }

    /** Ports munmap_f. */
    static int munmap(IoShell sh, List<String> argv) {
        MapTable.Region mapping = sh.maps.current();
        try {
            mapping.handle().munmap();
        } catch (IoException e) {
            sh.perror("munmap", e);
            sh.setExitcode(1);
            return 0;
        }
        sh.maps.removeCurrent();
        return maplist(sh);
    }

    /** Ports mremap_f: the current mapping gets the new address and length; a failure is perror'd. */
    static int mremap(IoShell sh, List<String> argv) {
        long newAddr = 0;
        int flags = 0;
        Getopt g = sh.getopt(argv, "f:m");
        for (int c; (c = g.next()) != Getopt.EOF; ) {
            switch (c) {
                case 'f' -> {
                    flags = MapTable.MREMAP_FIXED | MapTable.MREMAP_MAYMOVE;
                    newAddr = sh.cvtnum(g.optarg());
                }
                case 'm' -> flags = MapTable.MREMAP_MAYMOVE;
                default -> {
                    sh.setExitcode(1);
                    return sh.usage(MREMAP);
                }
            }
        }
        List<String> ops = g.operands();
        if (ops.size() != 1) {
            sh.setExitcode(1);
            return sh.usage(MREMAP);
        }
        long newLength = sh.cvtnum(ops.get(0));
        if (newLength < 0) {
            sh.out.print("non-numeric offset argument -- " + ops.get(0) + "\n");
            sh.setExitcode(1);
            return 0;
        }
        try {
            // with -f 0 xfs_io leaves out mremap's fifth argument: the kernel reads whatever is in its register; 0 here
            sh.maps.mremap(newLength, flags, newAddr);
        } catch (IoException e) {
            sh.perror("mremap", e);
            sh.setExitcode(1);
        }
        return 0;
    }

    /** Ports mwrite_f. */
    static int mwrite(IoShell sh, List<String> argv) {
        byte seed = 'X';
        boolean rflag = false;
        Getopt g = sh.getopt(argv, "rS:");
        for (int c; (c = g.next()) != Getopt.EOF; ) {
            switch (c) {
                case 'r' -> rflag = true;
                case 'S' -> {
                    Strtoul s = Strtoul.parse(g.optarg());
                    if (s.end() == 0) {
                        sh.out.print("non-numeric seed -- " + g.optarg() + "\n");
                        return 0;
                    }
                    seed = (byte) s.value();
                }
                default -> {
                    sh.setExitcode(1);
                    return sh.usage(MWRITE);
                }
            }
        }
        long[] r = range(sh, g.operands(), MWRITE, true);
        if (r == null) {
            return 0;
        }
        long offset = r[0];
        long length = r[1];
        if (checkMappingRange(sh, offset, length, false) < 0) {
            sh.setExitcode(1);
            return 0;
        }
        MapTable.Region mapping = sh.maps.current();
        offset -= mapping.offset();
        try {
            // xfs_io stores a byte at a time; the bytes of one page are stored together here, since a page faults (or
            // raises the signal) at its first store and not again: the same bytes end up stored either way.
            long base = mapping.addr();
            if (rflag) {
                for (long end = offset + length; end > offset; ) {
                    long start = Math.max(offset, (base + end - 1 & -MapTable.PAGE_SIZE) - base);
                    sh.maps.fill(base + start, (int) (end - start), seed);
                    end = start;
                }
            } else {
                for (long start = offset; start < offset + length; ) {
                    long end = Math.min(offset + length, (base + start + MapTable.PAGE_SIZE & -MapTable.PAGE_SIZE) - base);
                    sh.maps.fill(base + start, (int) (end - start), seed);
                    start = end;
                }
            }
        } catch (IoSignal s) {
            return killed(sh, s);
        } catch (IoException e) {
            sh.perror("mwrite", e);
            sh.setExitcode(1);
        }
        return 0;
    }
}
