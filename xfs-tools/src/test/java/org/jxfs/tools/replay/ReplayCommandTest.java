// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;
import org.jxfs.tools.JxfsMain;
import org.jxfs.tools.io.GlibcRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code jxfs replay} end to end on jxfs-made images: a log with every op jxfs replays, its final contents
 * computed here from the README's rule (not from the replay's own generator), and bad input that leaves the image
 * as it was.
 */
class ReplayCommandTest {
    private static final int SEED = 4242;
    private static final int MAXLEN = 64 * 1024;
    /** Line 1 is a skip line, so the write on line 2 stores op number 2. */
    private static final String LOG = String.join("\n",
            "skip read 0x0 0x0 0x0",
            "write 0x1000 0x2345 0x0",
            "mapwrite 0x100 0x1000 0x3345",
            "read 0x0 0x3345 0x3345",
            "truncate 0x0 0x5000 0x3345",
            "fallocate 0x6000 0x1000 0x5000 keep_size",
            "fallocate 0x5000 0x1800 0x5000",
            "punch_hole 0x1800 0x1000 0x6800",
            "zero_range 0x4000 0x2000 0x6800 keep_size",
            "write 0x8000 0x100 0x6800 close_open",
            "zero_range 0x8080 0x2000 0x8100",
            "mapread 0x0 0xa080 0xa080",
            "skip insert_range 0x56b52986 0x0 0x0",
            "mapwrite 0xa000 0x1000 0xa080",
            "read 0x9000 0x2000 0xb000",
            "fallocate 0xb000 0x1000 0xb000 unshare",
            "collapse_range 0x1000 0x2000 0xc000",
            "insert_range 0x3000 0x1000 0xa000",
            "read 0x0 0xb000 0xb000",
            "mapread 0x2000 0x3000 0xb000") + "\n";

    private Path dir;
    private Path img;

    @BeforeEach
    void image() throws Exception {
        dir = Files.createDirectories(Path.of("target", "replay-command-tests"));
        img = dir.resolve("replay.img");
        Files.deleteIfExists(img);
        assertThat(JxfsMain.run("mkfs", "-q", "-d", "size=64m", img.toString())).isZero();
    }

    /** The README's rule, applied line by line to a plain array. */
    private static byte[] expected() {
        GlibcRandom r = new GlibcRandom(SEED);
        int[] original = new int[MAXLEN];
        for (int i = 0; i < MAXLEN; i++) {
            original[i] = (int) (r.next() % 256);
        }
        byte[] f = new byte[MAXLEN];
        int size = 0;
        size = write(f, original, 2, 0x1000, 0x2345, size);
        size = write(f, original, 3, 0x100, 0x1000, size);
        Arrays.fill(f, 0x5000, MAXLEN, (byte) 0);
        size = 0x5000;
        size = 0x6800;                                   // fallocate without keep_size
        Arrays.fill(f, 0x1800, 0x2800, (byte) 0);        // punch_hole
        Arrays.fill(f, 0x4000, 0x6000, (byte) 0);        // zero_range keep_size
        size = write(f, original, 10, 0x8000, 0x100, size);
        Arrays.fill(f, 0x8080, 0xa080, (byte) 0);
        size = 0xa080;
        size = write(f, original, 14, 0xa000, 0x1000, size);
        size = 0xc000;                                   // fallocate unshare without keep_size
        byte[] collapsed = new byte[MAXLEN];             // collapse [0x1000, 0x3000)
        System.arraycopy(f, 0, collapsed, 0, 0x1000);
        System.arraycopy(f, 0x3000, collapsed, 0x1000, size - 0x3000);
        size -= 0x2000;
        byte[] inserted = new byte[MAXLEN];              // insert 0x1000 zeros at 0x3000
        System.arraycopy(collapsed, 0, inserted, 0, 0x3000);
        System.arraycopy(collapsed, 0x3000, inserted, 0x4000, size - 0x3000);
        size += 0x1000;
        return Arrays.copyOf(inserted, size);
    }

    private static int write(byte[] f, int[] original, int line, int off, int len, int size) {
        for (int o = off; o < off + len; o++) {
            f[o] = (byte) ((o % 2 == 0) ? line : line + original[o]);
        }
        return Math.max(size, off + len);
    }

    private record Run(int rc, String out, String err) {
    }

    private Run replay(String... args) {
        ReplayCommand cmd = new ReplayCommand();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        int rc = new CommandLine(cmd).execute(args);
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path log(String text) throws Exception {
        Path p = dir.resolve("ops.fsxops");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void replaysEveryOpAndPrintsTheDigestOfWhatTheRuleSays() throws Exception {
        Path ops = log(LOG);
        Run r = replay("--fsxops", ops.toString(), "-S", String.valueOf(SEED), "-l", "64k", img.toString(), "/fsxfile");
        byte[] want = expected();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(want));
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("replayed 18 ops (2 skip lines) from " + ops + "\nsize " + want.length
                + "\nsha256 " + sha + "\n");
        assertThat(r.rc()).isZero();
        try (Xfs fs = Xfs.openReadOnly(img); XfsFile f = fs.openFile("/fsxfile", false, true)) {
            byte[] got = new byte[want.length];
            assertThat(f.pread(0, got, 0, got.length)).isEqualTo(want.length);
            assertThat(got).isEqualTo(want);
        }
    }

    /**
     * copy_range copies what the file holds (not freshly generated bytes), across the 64 KiB rounds of the splice
     * copy, and extends the file past a gap of zeros; a log ending in .gz is read compressed.
     */
    @Test
    void copyRangeCopiesTheFilesBytesAndGzippedLogsAreRead() throws Exception {
        String text = "write 0x0 0x18000 0x0\ncopy_range 0x123 0x14000 0x30000 0x18000\nread 0x0 0x44000 0x44000\n"
                + "copy_range 0x40000 0x1000 0x100 0x44000\nmapread 0x0 0x44000 0x44000\n";
        Path ops = dir.resolve("ops.fsxops.gz");
        try (java.io.OutputStream o = new java.util.zip.GZIPOutputStream(Files.newOutputStream(ops))) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
        Run r = replay("--fsxops", ops.toString(), "-S", String.valueOf(SEED), "-l", "512k", img.toString(), "/f");
        GlibcRandom rnd = new GlibcRandom(SEED);
        int[] original = new int[0x44000];
        for (int i = 0; i < original.length; i++) {
            original[i] = (int) (rnd.next() % 256);
        }
        byte[] want = new byte[0x44000];
        write(want, original, 1, 0, 0x18000, 0);
        System.arraycopy(want, 0x123, want, 0x30000, 0x14000);
        System.arraycopy(want, 0x40000, want, 0x100, 0x1000);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(want));
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("replayed 5 ops (0 skip lines) from " + ops + "\nsize " + want.length
                + "\nsha256 " + sha + "\n");
        assertThat(r.rc()).isZero();
    }

    @Test
    void fillDataWritesItsCharacter() throws Exception {
        Path ops = log("write 0x10 0x20 0x0\nread 0x0 0x30 0x30\n");
        Run r = replay("--fsxops", ops.toString(), "-g", "Z", img.toString(), "/f");
        byte[] want = new byte[0x30];
        Arrays.fill(want, 0x10, 0x30, (byte) 'Z');
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(want));
        assertThat(r.out()).endsWith("size 48\nsha256 " + sha + "\n");
        assertThat(r.rc()).isZero();
    }

    @Test
    void badInputIsOneLineAndLeavesTheImageAsItWas() throws Exception {
        String before = sha256(img);
        Path ops = log("write 0x0 0x10 0x0\nwrite 0x0 0x10 0x10 sideways\n");
        Run bad = replay("--fsxops", ops.toString(), img.toString(), "/f");
        assertThat(bad.rc()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("replay: " + ops + ":2: unknown flag 'sideways' after write\n");

        ops = log("write 0x0 0x2000 0x0\nclone_range 0x0 0x1000 0x1000 0x2000\n");
        Run clone = replay("--fsxops", ops.toString(), img.toString(), "/f");
        assertThat(clone.rc()).isEqualTo(1);
        assertThat(clone.err()).isEqualTo("replay: " + ops + ":2: clone_range 0x0 0x1000 0x1000 0x2000: "
                + "clone_range is not supported by jxfs replay\n");

        ops = log("write 0x0 0x2000 0x0\ncollapse_range 0x0 0x2000 0x2000\n");
        Run toEof = replay("--fsxops", ops.toString(), img.toString(), "/f");
        assertThat(toEof.rc()).isEqualTo(1);
        assertThat(toEof.err()).isEqualTo("replay: " + ops + ":2: collapse_range 0x0 0x2000 0x2000: "
                + "collapse range reaches EOF 0x2000\n");

        Run missing = replay("--fsxops", dir.resolve("nope.fsxops").toString(), img.toString(), "/f");
        assertThat(missing.rc()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("replay: " + dir.resolve("nope.fsxops")
                + ": No such file or directory\n");

        Run seed = replay("--fsxops", log("write 0x0 0x10 0x0\n").toString(), "-S", "12x", img.toString(), "/f");
        assertThat(seed.rc()).isEqualTo(1);
        assertThat(seed.err()).isEqualTo("replay: bad number '12x'\n");

        Run noImage = replay("--fsxops", log("write 0x0 0x10 0x0\n").toString(), dir.resolve("no.img").toString(),
                "/f");
        assertThat(noImage.rc()).isEqualTo(1);
        assertThat(noImage.err()).isEqualTo("replay: " + dir.resolve("no.img") + ": No such file or directory\n");

        assertThat(sha256(img)).as("image bytes after refused replays").isEqualTo(before);
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
