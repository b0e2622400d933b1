// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.jxfs.core.InvalidArgumentException;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Dinode;

/**
 * mkfs.xfs's prototype files (xfsprogs mkfs/proto.c): after a boot image name and two numbers (kept for
 * compatibility, ignored), the root directory and then, recursively, each entry as {@code name mode uid gid
 * [args]}, a directory's entries ending at {@code $}; {@code :} starts a comment to the end of the line. The mode is
 * six characters: the type ({@code -} regular, whose argument is the file to copy; {@code r} space reserved, whose
 * argument is a size; {@code d} directory; {@code l} symbolic link, whose argument is the target; {@code p} FIFO;
 * {@code b}/{@code c} block and character devices, whose arguments are the major and minor numbers), {@code u} or
 * {@code -} (setuid), {@code g} or {@code -} (setgid), then three octal digits.
 */
public final class Protofile {
    private final Xfs fs;
    private final String text;
    private final Path file;
    private int pos;

    private Protofile(Xfs fs, String text, Path file) {
        this.fs = fs;
        this.text = text;
        this.file = file;
    }

    /** Ports parse_proto / parseproto: builds the tree the prototype file describes. */
    public static void build(Xfs fs, Path proto) throws XfsException {
        String text;
        try {
            text = Files.readString(proto, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new XfsException(XfsException.ENOENT, "failed to open " + proto + ": " + e.getMessage(), e);
        }
        if (text.isEmpty() || text.charAt(text.length() - 1) != '\n') {
            throw new InvalidArgumentException("proto file " + proto + " premature EOF");
        }
        Protofile p = new Protofile(fs, text, proto);
        p.token();
        p.number();
        p.number();
        p.entry(null, null);
    }

    /** Ports getstr: the next whitespace-separated token, skipping {@code :} comments; null at the end. */
    private String token() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n') {
                pos++;
            } else if (c == ':') {
                while (pos < text.length() && text.charAt(pos++) != '\n') {
                    // comment
                }
            } else {
                int start = pos;
                while (pos < text.length() && " \t\n".indexOf(text.charAt(pos)) < 0) {
                    pos++;
                }
                return text.substring(start, pos);
            }
        }
        return null;
    }

    private String required(String what) throws InvalidArgumentException {
        String t = token();
        if (t == null) {
            throw new InvalidArgumentException("premature EOF in prototype file " + file + " (expected " + what
                    + ")");
        }
        return t;
    }

    private long number() throws InvalidArgumentException {
        String t = required("a number");
        try {
            return Long.decode(t);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("bad number " + t + " in prototype file " + file);
        }
    }

    /** Ports parseproto for one entry named {@code name} in {@code parent} (both null for the root). */
    private void entry(String parent, String name) throws XfsException {
        String mstr = required("a mode");
        if (mstr.length() != 6 || "-rbcdlp".indexOf(mstr.charAt(0)) < 0 || "-u".indexOf(mstr.charAt(1)) < 0
                || "-g".indexOf(mstr.charAt(2)) < 0) {
            throw new InvalidArgumentException("bad format string " + mstr);
        }
        int mode = (mstr.charAt(1) == 'u' ? Dinode.S_ISUID : 0) | (mstr.charAt(2) == 'g' ? Dinode.S_ISGID : 0);
        for (int i = 3; i < 6; i++) {
            char c = mstr.charAt(i);
            if (c < '0' || c > '7') {
                throw new InvalidArgumentException("bad format string " + mstr);
            }
            mode |= (c - '0') << (3 * (5 - i));
        }
        long uid = number();
        long gid = number();
        String path = parent == null ? "/" : (parent.equals("/") ? "" : parent) + "/" + name;
        long ino;
        switch (mstr.charAt(0)) {
            case '-' -> {
                ino = fs.create(path, mode);
                copyContents(path, Path.of(required("a source file")));
            }
            case 'r' -> {
                String v = required("a size");
                ino = fs.create(path, mode);
                try (XfsFile f = fs.openFile(path, false, false)) {
                    f.fallocate(0, Long.decode(v));
                } catch (NumberFormatException e) {
                    throw new InvalidArgumentException("Bad value " + v + " for proto file " + name);
                }
            }
            case 'l' -> ino = fs.symlink(required("a link target"), path);
            case 'p' -> ino = fs.namespace().create(fs.lookup(parent), name, Dinode.S_IFIFO | mode, parent);
            case 'd' -> ino = parent == null ? fs.rootIno() : fs.mkdir(path, mode);
            default -> {
                long major = number();
                long minor = number();
                ino = fs.namespace().mknod(fs.lookup(parent), name,
                        (mstr.charAt(0) == 'b' ? Dinode.S_IFBLK : Dinode.S_IFCHR) | mode,
                        Dinode.encodeDev(major, minor), parent);
            }
        }
        Instant now = Instant.now();
        fs.namespace().setattr(ino, mode, uid, gid, now.getEpochSecond(), now.getNano(), now.getEpochSecond(),
                now.getNano());
        if (mstr.charAt(0) == 'd') {
            for (String n = token(); n != null && !n.equals("$"); n = token()) {
                entry(path, n);
            }
        }
    }

    /** Ports newregfile + writefile: the source file's bytes become the new file's contents. */
    private void copyContents(String path, Path source) throws XfsException {
        try (InputStream in = Files.newInputStream(source)) {
            Populate.copyInto(fs, path, in, new byte[Populate.CHUNK]);
        } catch (IOException e) {
            throw new XfsException(XfsException.ENOENT, "cannot open " + source + ": " + e.getMessage(), e);
        }
    }
}
