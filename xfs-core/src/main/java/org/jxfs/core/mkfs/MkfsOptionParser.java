// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mkfs;

import org.jxfs.core.libfrog.Convert;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jxfs.core.InvalidArgumentException;

/**
 * Ports mkfs.xfs 6.1's command line parsing (getopt "b:c:d:i:l:L:m:n:KNp:qr:s:CfV", getsubopt, getnum, the
 * opt_params tables) for the options jxfs supports. Errors carry mkfs.xfs's one-line message; options mkfs.xfs
 * knows but jxfs does not implement are refused with "-X name=value: not supported".
 */
public final class MkfsOptionParser {
    /**
     * The parsed command line: what to make and where, and what to fill it with ({@code -p}: a directory or a
     * prototype file; null for an empty filesystem).
     */
    public record Parsed(MkfsOptions options, String imagePath, String protoPath) {
    }

    /** XFS_MIN_BLOCKSIZE / XFS_MAX_BLOCKSIZE. */
    static final long XFS_MIN_BLOCKSIZE = 512, XFS_MAX_BLOCKSIZE = 65536;
    /** XFS_MIN_SECTORSIZE / XFS_MAX_SECTORSIZE. */
    static final long XFS_MIN_SECTORSIZE = 512, XFS_MAX_SECTORSIZE = 32768;
    /** XFS_DINODE_MIN_SIZE / XFS_DINODE_MAX_SIZE. */
    static final long XFS_DINODE_MIN_SIZE = 256, XFS_DINODE_MAX_SIZE = 2048;
    /** XFS_MAX_AGNUMBER: NULLAGNUMBER - 1. */
    static final long XFS_MAX_AGNUMBER = 0xfffffffeL;
    /** The -l size floor of the option table (2 MiB; "XXX: XFS_MIN_LOG_BYTES" in mkfs). */
    static final long L_SIZE_MINVAL = 2L * 1024 * 1024;
    /** sizeof(sb_fname): the longest label. */
    static final int XFS_LABEL_MAX = 12;
    private static final String OPTSTRING = "b:c:d:i:l:L:m:n:KNp:qr:s:CfV";
    private static final String SUBOPT_LETTERS = "bcdilmnrs";

    /** One row of struct subopt_param: the checks getnum applies. */
    private record SubOpt(boolean convert, boolean isPow2, long minval, long maxval, boolean needsVal,
            long defaultval) {
        static SubOpt bool() {
            return new SubOpt(false, false, 0, 1, false, 1);
        }

        static SubOpt num(boolean convert, boolean pow2, long min, long max) {
            return new SubOpt(convert, pow2, min, max, true, 0);
        }
    }

    private static final Map<String, SubOpt> TABLE = new HashMap<>();

    static {
        TABLE.put("b size", SubOpt.num(true, true, XFS_MIN_BLOCKSIZE, XFS_MAX_BLOCKSIZE));
        TABLE.put("d agcount", SubOpt.num(false, false, 1, XFS_MAX_AGNUMBER));
        TABLE.put("d size", SubOpt.num(true, false, AgGeometryCalc.XFS_AG_MIN_BYTES, Long.MAX_VALUE));
        TABLE.put("d agsize", SubOpt.num(true, false, AgGeometryCalc.XFS_AG_MIN_BYTES,
                AgGeometryCalc.XFS_AG_MAX_BYTES));
        TABLE.put("d sectsize", SubOpt.num(true, true, XFS_MIN_SECTORSIZE, XFS_MAX_SECTORSIZE));
        TABLE.put("s size", SubOpt.num(true, true, XFS_MIN_SECTORSIZE, XFS_MAX_SECTORSIZE));
        TABLE.put("s sectsize", SubOpt.num(true, true, XFS_MIN_SECTORSIZE, XFS_MAX_SECTORSIZE));
        TABLE.put("i size", SubOpt.num(false, true, XFS_DINODE_MIN_SIZE, XFS_DINODE_MAX_SIZE));
        TABLE.put("i sparse", SubOpt.bool());
        TABLE.put("l size", SubOpt.num(true, false, L_SIZE_MINVAL, LogSizeCalc.XFS_MAX_LOG_BYTES));
        for (String m : new String[] {"crc", "finobt", "rmapbt", "reflink", "inobtcount", "bigtime"}) {
            TABLE.put("m " + m, SubOpt.bool());
        }
        TABLE.put("n ftype", SubOpt.bool());
    }

    /** Subopts mkfs.xfs 6.1 knows (so they are "not supported" rather than "unknown" here). */
    private static final Map<Character, Set<String>> KNOWN = Map.of(
            'b', Set.of("size"),
            'd', Set.of("agcount", "file", "name", "size", "sunit", "swidth", "agsize", "su", "sw", "sectsize",
                    "noalign", "rtinherit", "projinherit", "extszinherit", "cowextsize", "daxinherit"),
            'i', Set.of("align", "maxpct", "perblock", "size", "attr", "projid32bit", "sparse", "nrext64"),
            'l', Set.of("agnum", "internal", "size", "version", "sunit", "su", "logdev", "sectsize", "file",
                    "name", "lazy-count"),
            'm', Set.of("crc", "finobt", "uuid", "rmapbt", "reflink", "inobtcount", "bigtime"),
            'n', Set.of("size", "version", "ftype"),
            's', Set.of("size", "sectsize"),
            'r', Set.of("extsize", "size", "rtdev", "file", "name", "noalign"),
            'c', Set.of("options"));
    /** Conflicting pairs (the .conflicts of the option tables) among the supported subopts. */
    private static final Map<String, List<String>> CONFLICTS = Map.of(
            "d agcount", List.of("d agsize"), "d agsize", List.of("d agcount"),
            "s size", List.of("s sectsize", "d sectsize"), "s sectsize", List.of("s size", "d sectsize"),
            "d sectsize", List.of("s size", "s sectsize"));

    private final Set<String> seen = new HashSet<>();
    private final MkfsOptions.Builder b = MkfsOptions.builder();
    private String dsize, agsize, logsize;
    private String protoPath;
    private long blocksize;
    private long sectorsize;

    private MkfsOptionParser() {
    }

    /** Parses mkfs.xfs-style arguments; the one non-option argument is the image path. */
    public static Parsed parse(String[] args) throws InvalidArgumentException {
        return new MkfsOptionParser().run(args);
    }

    private Parsed run(String[] args) throws InvalidArgumentException {
        List<String> positional = new ArrayList<>();
        for (int ai = 0; ai < args.length; ai++) {
            String a = args[ai];
            if (a.equals("--")) {
                for (ai++; ai < args.length; ai++) {
                    positional.add(args[ai]);
                }
                break;
            }
            if (a.equals("--unsupported")) {
                continue;
            }
            if (a.startsWith("--")) {
                throw new InvalidArgumentException("unrecognized option '" + a + "'");
            }
            if (!a.startsWith("-") || a.length() == 1) {
                positional.add(a);
                continue;
            }
            for (int ci = 1; ci < a.length(); ci++) {
                char c = a.charAt(ci);
                int idx = OPTSTRING.indexOf(c);
                if (idx < 0 || c == ':') {
                    throw new InvalidArgumentException("unknown option -" + c);
                }
                boolean hasArg = idx + 1 < OPTSTRING.length() && OPTSTRING.charAt(idx + 1) == ':';
                if (!hasArg) {
                    flag(c);
                    continue;
                }
                String optarg;
                if (ci + 1 < a.length()) {
                    optarg = a.substring(ci + 1);
                } else if (ai + 1 < args.length) {
                    optarg = args[++ai];
                } else {
                    throw new InvalidArgumentException("option requires an argument -- '" + c + "'");
                }
                withArg(c, optarg);
                break;
            }
        }
        if (positional.size() > 1) {
            throw new InvalidArgumentException("extra arguments");
        }
        if (positional.isEmpty()) {
            throw new InvalidArgumentException("no device name given in argument list");
        }
        // mkfs converts the sizes once the block and sector sizes are known, so "b" and "s" suffixes use them.
        blocksize = blocksize == 0 ? 1L << AgGeometryCalc.XFS_DFL_BLOCKSIZE_LOG : blocksize;
        sectorsize = sectorsize == 0 ? XFS_MIN_SECTORSIZE : sectorsize;
        if (dsize != null) {
            b.dataSize(getnum('d', "size", dsize));
        }
        if (agsize != null) {
            b.agsize(getnum('d', "agsize", agsize));
        }
        if (logsize != null) {
            b.logSize(getnum('l', "size", logsize));
        }
        MkfsOptions opts = b.build();
        MkfsGeometry.validateFeatures(opts);
        return new Parsed(opts, positional.get(0), protoPath);
    }

    private void flag(char c) throws InvalidArgumentException {
        switch (c) {
            case 'f', 'C' -> b.force(true);
            case 'N' -> b.dryRun(true);
            case 'q' -> b.quiet(true);
            case 'K' -> { }
            case 'V' -> throw new InvalidArgumentException("-V: not supported");
            default -> throw new InvalidArgumentException("unknown option -" + c);
        }
    }

    private void withArg(char c, String optarg) throws InvalidArgumentException {
        if (c == 'p') {
            protoPath = optarg;
            return;
        }
        if (c == 'L') {
            if (optarg.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > XFS_LABEL_MAX) {
                throw new InvalidArgumentException("Invalid value " + optarg + " for -L option");
            }
            b.label(optarg);
            return;
        }
        if (SUBOPT_LETTERS.indexOf(c) < 0) {
            throw new InvalidArgumentException("-" + c + " " + optarg + ": not supported");
        }
        for (String tok : splitSubopts(optarg)) {
            int eq = tok.indexOf('=');
            String name = eq < 0 ? tok : tok.substring(0, eq);
            String value = eq < 0 ? null : tok.substring(eq + 1);
            if (!KNOWN.getOrDefault(c, Set.of()).contains(name)) {
                throw new InvalidArgumentException("unknown option -" + c + " " + tok);
            }
            subopt(c, name, value, tok);
        }
    }

    /** getsubopt splits on commas; an empty token is skipped. */
    private static List<String> splitSubopts(String s) {
        List<String> out = new ArrayList<>();
        for (String t : s.split(",", -1)) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private void subopt(char c, String name, String value, String tok) throws InvalidArgumentException {
        String key = c + " " + name;
        switch (key) {
            case "b size" -> blocksize = getnum(c, name, value);
            case "s size", "s sectsize", "d sectsize" -> {
                sectorsize = getnum(c, name, value);
                b.sectorSize((int) sectorsize);
            }
            case "d agcount" -> b.agcount((int) getnum(c, name, value));
            case "d size" -> dsize = getstr(c, name, value);
            case "d agsize" -> agsize = getstr(c, name, value);
            case "i size" -> b.inodeSize((int) getnum(c, name, value));
            case "i sparse" -> b.sparse(getnum(c, name, value) != 0);
            case "l size" -> logsize = getstr(c, name, value);
            case "m crc" -> {
                boolean crc = getnum(c, name, value) != 0;
                b.crc(crc);
                if (crc) {
                    b.ftype(true);          // meta_opts_parser: crc implies dirftype
                }
            }
            case "m finobt" -> b.finobt(getnum(c, name, value) != 0);
            case "m rmapbt" -> b.rmapbt(getnum(c, name, value) != 0);
            case "m reflink" -> b.reflink(getnum(c, name, value) != 0);
            case "m inobtcount" -> b.inobtcount(getnum(c, name, value) != 0);
            case "m bigtime" -> b.bigtime(getnum(c, name, value) != 0);
            case "m uuid" -> {
                if (value == null || value.isEmpty()) {
                    throw new InvalidArgumentException("-m uuid option requires a value");
                }
                try {
                    if (value.length() != 36) {
                        throw new IllegalArgumentException();
                    }
                    b.uuid(UUID.fromString(value));
                } catch (IllegalArgumentException e) {
                    throw new InvalidArgumentException("Invalid value " + value + " for -m uuid option");
                }
            }
            case "n ftype" -> b.ftype(getnum(c, name, value) != 0);
            default -> throw new InvalidArgumentException("-" + c + " " + tok + ": not supported");
        }
        if (blocksize != 0) {
            b.blockSize((int) blocksize);
        }
    }

    /** check_opt: respecification and conflicts. */
    private void checkOpt(char c, String name) throws InvalidArgumentException {
        String key = c + " " + name;
        if (!seen.add(key)) {
            throw new InvalidArgumentException("-" + c + " " + name + " option respecified");
        }
        for (String con : CONFLICTS.getOrDefault(key, List.of())) {
            if (seen.contains(con)) {
                throw new InvalidArgumentException("Cannot specify both -" + con.charAt(0) + " "
                        + con.substring(2) + " and -" + c + " " + name);
            }
        }
    }

    /** getstr: the option-table work for a value converted later. */
    private String getstr(char c, String name, String value) throws InvalidArgumentException {
        checkOpt(c, name);
        if (value == null || value.isEmpty()) {
            throw new InvalidArgumentException("-" + c + " " + name + " option requires a value");
        }
        return value;
    }

    /** Ports getnum: respecification, default value, conversion and the range / power-of-two checks. */
    private long getnum(char c, String name, String value) throws InvalidArgumentException {
        String key = c + " " + name;
        SubOpt sp = TABLE.get(key);
        boolean converted = key.equals("d size") || key.equals("d agsize") || key.equals("l size");
        if (!converted || !seen.contains(key)) {
            checkOpt(c, name);
        }
        if (value == null || value.isEmpty()) {
            if (sp.needsVal()) {
                throw new InvalidArgumentException("-" + c + " " + name + " option requires a value");
            }
            return sp.defaultval();
        }
        long v;
        if (sp.convert()) {
            v = Convert.cvtnum(converted ? blocksize : 0, converted ? sectorsize : 0, value);
            if (v == Convert.CVTNUM_FAILED) {
                throw illegal(value, c, name, "Not a valid value or illegal suffix");
            }
        } else {
            Convert.Strtoll r = Convert.Strtoll.parse(value);
            if (r.end() == 0) {
                throw illegal(value, c, name, "Value not recognized as number.");
            }
            if (r.end() != value.length()) {
                throw illegal(value, c, name, "Unit suffixes are not allowed.");
            }
            v = r.value();
        }
        if (v < sp.minval()) {
            throw illegal(value, c, name, "Value is too small.");
        } else if (v > sp.maxval()) {
            throw illegal(value, c, name, "Value is too large.");
        }
        if (sp.isPow2() && (v & (v - 1)) != 0) {
            throw illegal(value, c, name, "Value must be a power of 2.");
        }
        return v;
    }

    /** illegal_option's message. */
    private static InvalidArgumentException illegal(String value, char c, String name, String reason) {
        return new InvalidArgumentException("Invalid value " + value + " for -" + c + " " + name + " option. "
                + reason);
    }
}
