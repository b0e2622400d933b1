// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.replay;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.jxfs.core.XfsException;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jxfs replay --fsxops FILE [-S seed] [-l maxfilelen] [-g filldata] IMAGE PATH}: replays an op log written by
 * fstests' fsx with {@code --record-ops} on PATH inside IMAGE, writing the bytes the recording run wrote and checking
 * every read against fsx's model of the file; prints the final size and sha256 of the file as read back from the
 * image after unmount. Exit 0 when everything matched, 1 on a mismatch (named by its op number), a log or option
 * that cannot be replayed (the image untouched), or a file system error.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay an fsx op log (fsx --record-ops) on PATH inside the XFS image IMAGE. Written bytes "
                + "follow from the seed and each op's line number, skip lines counted, as in the recording run; every "
                + "read and mapped read is checked against fsx's model of the file. Prints the final size and sha256."})
public final class ReplayCommand implements Callable<Integer> {
    /** fsx's default -S: fsx.c starts with seed 1. */
    static final String DEFAULT_SEED = "1";
    /** fsx's default -l: 256 KiB. */
    static final String DEFAULT_MAXFILELEN = "256k";
    private static final int READ_CHUNK = 1 << 20;

    @Option(names = "--fsxops", required = true, paramLabel = "FILE", description = "the op log fsx recorded (gzip-compressed if its name ends in .gz)")
    Path opsFile;

    @Option(names = "-S", paramLabel = "seed", defaultValue = DEFAULT_SEED,
            description = "the seed of the recording run (fsx -S; default ${DEFAULT-VALUE})")
    String seed;

    @Option(names = "-l", paramLabel = "maxfilelen", defaultValue = DEFAULT_MAXFILELEN,
            description = "the recording run's maximum file length (fsx -l; k, m, b, w units; default ${DEFAULT-VALUE})")
    String maxFileLen;

    @Option(names = "-g", paramLabel = "filldata",
            description = "the recording run's fill character (fsx -g): every written byte is it, the seed unused")
    String fill;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "the image file")
    Path image;

    @Parameters(index = "1", paramLabel = "PATH", description = "the file inside the image, e.g. /fsxfile")
    String path;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        try {
            return replay();
        } catch (FsxLogException | IllegalArgumentException e) {
            err.println("replay: " + e.getMessage());
            return 1;
        }
    }

    private int replay() throws FsxLogException {
        long seedValue = FsxGetnum.parse(seed);
        if (seedValue > 0xffffffffL) {
            throw new IllegalArgumentException("seed " + seed + " does not fit in 32 bits (srandom takes an unsigned int)");
        }
        long maxLen = FsxGetnum.parse(maxFileLen);
        if (maxLen <= 0 || maxLen > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxfilelen " + maxFileLen + " must be between 1 and 2 GiB");
        }
        if (fill != null && fill.length() != 1) {
            throw new IllegalArgumentException("filldata '" + fill + "' must be one character");
        }
        List<FsxOp> ops = FsxOpLog.read(opsFile);
        FsxLogCheck.check(ops, opsFile.toString(), maxLen);
        if (!Files.isRegularFile(image)) {
            throw new IllegalArgumentException(image + ": No such file or directory");
        }
        FsxData data = fill != null ? FsxData.filled(fill.charAt(0), (int) maxLen)
                : FsxData.seeded((int) seedValue, (int) maxLen);

        String mismatch;
        FsxModel model;
        try (Xfs fs = Xfs.open(image); ReplayProgress bar = ReplayProgress.onTerminal(out, ops.size())) {
            FsxReplay replay = new FsxReplay(fs, path, data);
            mismatch = replay.run(ops, bar);
            model = replay.model();
        } catch (XfsException e) {
            err.println("replay: " + image + ": " + e.getMessage());
            return 1;
        }
        if (mismatch != null) {
            err.println("replay: " + mismatch);
            return 1;
        }
        long skipped = ops.stream().filter(FsxOp::skip).count();
        out.println("replayed " + (ops.size() - skipped) + " ops (" + skipped + " skip lines) from " + opsFile);
        return finalState(model);
    }

    /**
     * Mounts the image again read-only, reads the whole file back, compares it with the model and prints its size
     * and sha256: what the kernel's digest in a log's meta.txt is compared with.
     */
    private int finalState(FsxModel model) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size;
        try (Xfs fs = Xfs.openReadOnly(image); XfsFile f = fs.openFile(path, false, true)) {
            size = f.size();
            if (size != model.size()) {
                err.println("replay: after unmount " + path + " is " + size + " bytes, fsx's model "
                        + model.size());
                return 1;
            }
            byte[] buf = new byte[READ_CHUNK];
            byte[] good = model.bytes();
            for (long pos = 0; pos < size; ) {
                int want = (int) Math.min(buf.length, size - pos);
                int n = f.pread(pos, buf, 0, want);
                if (n != want) {
                    err.println("replay: after unmount short read at offset " + pos);
                    return 1;
                }
                int i = java.util.Arrays.mismatch(buf, 0, n, good, (int) pos, (int) pos + n);
                if (i >= 0) {
                    err.printf("replay: after unmount offset 0x%x reads 0x%02x, fsx's model has 0x%02x%n", pos + i,
                            buf[i] & 0xff, good[(int) pos + i] & 0xff);
                    return 1;
                }
                sha.update(buf, 0, n);
                pos += n;
            }
        } catch (XfsException e) {
            err.println("replay: " + image + ": reading back " + path + ": " + e.getMessage());
            return 1;
        }
        out.println("size " + size);
        out.println("sha256 " + HexFormat.of().formatHex(sha.digest()));
        return 0;
    }
}
