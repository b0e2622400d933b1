// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.AgfOps;
import org.jxfs.core.format.Agi;
import org.jxfs.core.format.AgiOps;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.mkfs.GeometryReport;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mkfs.MkfsPlan;
import org.jxfs.core.mount.FsCheck;
import org.jxfs.core.mount.Mount;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jxfs demo}: formats a fresh image and narrates what jxfs reads back from it. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Format a fresh image under target/demo/, show what jxfs reads back, run block-mapping commands, a direct write and a buffered write on files in it, run the DAX race in every mode, and check the result.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--dir", description = "where to put the image (default: target/demo)")
    Path dir = Path.of("target", "demo");

    @Option(names = "--size", description = "image size in bytes (default: 1 GiB, sparse)")
    long size = 1L << 30;

    @Override
    public Integer call() throws IOException, XfsException {
        PrintStream out = System.out;
        Files.createDirectories(dir);
        Path img = dir.resolve("demo.img");
        out.println("== 1. mkfs: a " + (size >> 20) + " MiB sparse image at " + img);
        MkfsPlan plan = Mkfs.format(img, MkfsOptions.builder().dataSize(size).force(true).build());
        out.print(GeometryReport.format(plan));
        out.println("   bytes allocated on disk: " + allocatedBytes(img) + " of " + Files.size(img));

        out.println();
        out.println("== 2. mount: jxfs reads the image back");
        try (Mount mp = Mount.open(img, true)) {
            Geometry g = mp.geometry();
            out.printf("   %d AGs x %d blocks of %d bytes, %d inodes of %d bytes per block%n", g.agcount, g.agblocks,
                    g.blocksize, g.inopblock, g.inodesize);
            out.printf("   log: %d blocks at fsblock %d (AG %d block %d), head at BB %d, clean=%s%n", g.logblocks,
                    g.logstart, g.fsbToAgno(g.logstart), g.fsbToAgbno(g.logstart), mp.logHead().headBlk(),
                    mp.logHead().clean());
            out.printf("   root inode %d; counters: %d inodes (%d free), %d free blocks%n", mp.sb().rootino(),
                    mp.icount(), mp.ifree(), mp.fdblocks());
            for (int agno = 0; agno < g.agcount; agno++) {
                Agf agf = new Agf(mp.bufCache().read(g.agHeaderDaddr(agno, Agf.SECTOR), g.sectorBb(),
                        AgfOps.INSTANCE).data());
                Agi agi = new Agi(mp.bufCache().read(g.agHeaderDaddr(agno, Agi.SECTOR), g.sectorBb(),
                        AgiOps.INSTANCE).data());
                out.printf("   AG %d: %d free blocks (longest extent %d), AGFL %d blocks, %d inodes%n", agno,
                        agf.freeblks(), agf.longest(), agf.flcount(), agi.count());
            }
        }

        out.println();
        List<String> script = List.of("falloc 0 1m", "fpunch 256k 128k", "fzero -k 2m 64k", "truncate 768k",
                "bmap -vp");
        out.println("== 3. io: block-mapping commands on /data, as xfs_io runs them: " + String.join("; ", script));
        int rc = JxfsMain.run(io(img, script));
        if (rc != 0) {
            return rc;
        }

        out.println();
        List<String> dio = List.of("pwrite -q -S 0x61 512k 64k", "pread -q 512k 64k", "fsync", "bmap -vp");
        out.println("== 4. direct I/O (xfs_io -d): a 64 KiB write into the unwritten extent is written, then converted"
                + " (flags 000000 below): " + String.join("; ", dio));
        List<String> dioArgs = new java.util.ArrayList<>(List.of(io(img, dio)));
        dioArgs.add(1, "-d");
        rc = JxfsMain.run(dioArgs.toArray(new String[0]));
        if (rc != 0) {
            return rc;
        }

        out.println();
        List<String> buffered = List.of("pwrite -q -S 0x62 0 256k", "bmap -evp", "fsync", "bmap -vp",
                "pread -q -v 0 16");
        out.println("== 5. buffered I/O: a 256 KiB write into a new file lands in the page cache as a delayed"
                + " allocation (bmap -e: delalloc, no blocks yet); fsync writes it back, allocating one extent at once:"
                + " " + String.join("; ", buffered));
        List<String> bufArgs = new java.util.ArrayList<>(List.of(io(img, buffered)));
        bufArgs.set(bufArgs.size() - 1, "/buffered");
        rc = JxfsMain.run(bufArgs.toArray(new String[0]));
        if (rc != 0) {
            return rc;
        }

        out.println();
        out.println("== 6. the 2015 DAX race: two write faults on one page; Linux 4.3 (legacy) zeroes over a store,"
                + " the 4.4 fix (fixed: CONVERT|ZERO in the allocation transaction) never does");
        rc = JxfsMain.run("dax-race", "--mode", "all", "--threads", "2", "--pages", "64", "--rounds", "1",
                "--preemptions", "1", dir.resolve("dax-race.img").toString());
        if (rc != 0) {
            return rc;
        }

        out.println();
        out.println("== 7. check: btrees against headers and counters (like xfs_repair -n)");
        try (Mount mp = Mount.open(img, true)) {
            List<String> problems = FsCheck.run(mp);
            out.println(problems.isEmpty() ? "   clean" : "   " + String.join("\n   ", problems));
            out.println("   free space: " + mp.fdblocks() + " blocks; inodes: " + mp.icount() + " ("
                    + mp.ifree() + " free)");
            out.println();
            out.println("The image is a real XFS v5 filesystem: try `xfs_repair -n " + img
                    + "` or `mount -o loop " + img + " /mnt`.");
            return problems.isEmpty() ? 0 : 1;
        }
    }

    private static String[] io(Path img, List<String> script) {
        List<String> args = new java.util.ArrayList<>(List.of("io", "-f"));
        for (String c : script) {
            args.add("-c");
            args.add(c);
        }
        args.add(img.toString());
        args.add("/data");
        return args.toArray(new String[0]);
    }

    private static String allocatedBytes(Path img) {
        // java.nio has no st_blocks; ask stat(1), as du does.
        try {
            Process p = new ProcessBuilder("stat", "-c", "%b", img.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? String.valueOf(Long.parseLong(out) * 512) : "unknown";
        } catch (IOException | NumberFormatException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
