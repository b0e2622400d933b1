// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.log;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.jxfs.fs.DirEntry;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;

/** A filesystem tree as jxfs reads it: path to contents (a directory as "dir"), comparable with assertThat. */
final class JxfsTree {
    private static final String DIR = "dir";

    private JxfsTree() {
    }

    static TreeMap<String, String> read(Xfs fs) throws Exception {
        TreeMap<String, String> out = new TreeMap<>();
        walk(fs, "", out);
        return out;
    }

    /** The model (null for a directory) in the same form. */
    static TreeMap<String, String> comparable(Map<String, byte[]> model) {
        TreeMap<String, String> out = new TreeMap<>();
        model.forEach((k, v) -> out.put(k, v == null ? DIR : digest(v)));
        return out;
    }

    private static void walk(Xfs fs, String path, TreeMap<String, String> out) throws Exception {
        for (DirEntry e : fs.readdir(path.isEmpty() ? "/" : path)) {
            if (e.name().equals(".") || e.name().equals("..")) {
                continue;
            }
            String p = path + "/" + e.name();
            if (e.ftype() == 2) {
                out.put(p, DIR);
                walk(fs, p, out);
            } else {
                try (XfsFile f = fs.openFile(p, false, true)) {
                    out.put(p, digest(read(f, f.size())));
                }
            }
        }
    }

    /** The first {@code len} bytes of the file (fewer if it is shorter). */
    static byte[] read(XfsFile f, long len) throws Exception {
        byte[] b = new byte[(int) len];
        int n = 0;
        while (n < b.length) {
            int r = f.pread(n, b, n, b.length - n);
            if (r <= 0) {
                break;
            }
            n += r;
        }
        return Arrays.copyOf(b, n);
    }

    static String digestOf(byte[] b) {
        return digest(b);
    }

    private static String digest(byte[] b) {
        return b.length + ":" + Arrays.hashCode(b);
    }
}
