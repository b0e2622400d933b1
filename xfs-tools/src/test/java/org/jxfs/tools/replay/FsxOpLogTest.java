// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The op-log parser on lines as fsx writes them (taken from the logs in ../shared/fsx) and on bad lines. */
class FsxOpLogTest {
    private static List<FsxOp> parse(String text) throws Exception {
        return FsxOpLog.parse(new StringReader(text), "ops");
    }

    @Test
    void linesAreNumberedCountingSkipLines() throws Exception {
        List<FsxOp> ops = parse("skip copy_range 0x0 0x0 0x34ec7 0x0\n"
                + "skip collapse_range 0x4050c000 0x9000 0x0\n"
                + "truncate 0x0 0x2ecde 0x0\n"
                + "write 0x7177c 0x1b014 0x2ecde\n");
        assertThat(ops).extracting(FsxOp::number).containsExactly(1, 2, 3, 4);
        assertThat(ops).extracting(FsxOp::skip).containsExactly(true, true, false, false);
        FsxOp copy = ops.get(0);
        assertThat(copy.kind()).isEqualTo(FsxOpKind.COPY_RANGE);
        assertThat(copy.dest()).isEqualTo(0x34ec7);
        assertThat(copy.sizeBefore()).isZero();
        assertThat(ops.get(2).newSize()).isEqualTo(0x2ecde);
        FsxOp w = ops.get(3);
        assertThat(w.kind()).isEqualTo(FsxOpKind.WRITE);
        assertThat(w.offset()).isEqualTo(0x7177c);
        assertThat(w.length()).isEqualTo(0x1b014);
        assertThat(w.sizeBefore()).isEqualTo(0x2ecde);
    }

    @Test
    void flagsAfterTheNumbersAreRead() throws Exception {
        List<FsxOp> ops = parse("fallocate 0x10 0x20 0x30 keep_size unshare\n"
                + "zero_range 0x3deb28 0x214d8 0x0 keep_size\n"
                + "write 0x0 0x10 0x0 close_open *\n");
        assertThat(ops.get(0).keepSize()).isTrue();
        assertThat(ops.get(0).unshare()).isTrue();
        assertThat(ops.get(0).closeOpen()).isFalse();
        assertThat(ops.get(1).keepSize()).isTrue();
        assertThat(ops.get(2).closeOpen()).isTrue();
        assertThat(ops.get(2).describe()).isEqualTo("write 0x0 0x10 0x0 close_open");
    }

    @Test
    void numbersTakeAnyBaseAsStrtoulDoes() throws Exception {
        FsxOp op = parse("read 16 010 0x20\n").get(0);
        assertThat(op.offset()).isEqualTo(16);
        assertThat(op.length()).isEqualTo(8);
        assertThat(op.sizeBefore()).isEqualTo(32);
    }

    @Test
    void badLinesAreRefusedNamingTheLine() {
        assertThatThrownBy(() -> parse("read 0x0 0x1 0x1\nfrobnicate 0x0 0x0 0x0\n"))
                .isInstanceOf(FsxLogException.class).hasMessage("ops:2: unknown op 'frobnicate'");
        assertThatThrownBy(() -> parse("read 0xzz 0x1 0x1\n"))
                .isInstanceOf(FsxLogException.class).hasMessage("ops:1: bad number '0xzz'");
        assertThatThrownBy(() -> parse("read -1 0x1 0x1\n"))
                .isInstanceOf(FsxLogException.class).hasMessage("ops:1: bad number '-1'");
        assertThatThrownBy(() -> parse("read 0x0 0x1\n"))
                .isInstanceOf(FsxLogException.class).hasMessage("ops:1: read needs 3 numbers, has 2");
        assertThatThrownBy(() -> parse("clone_range 0x0 0x1 0x2\n"))
                .isInstanceOf(FsxLogException.class).hasMessage("ops:1: clone_range needs 4 numbers, has 3");
        assertThatThrownBy(() -> parse("write 0x0 0x1 0x0 keepsize\n"))
                .isInstanceOf(FsxLogException.class).hasMessage("ops:1: unknown flag 'keepsize' after write");
        assertThatThrownBy(() -> parse("write 0x0 0x1 0x0\n\n"))
                .isInstanceOf(FsxLogException.class).hasMessage("ops:2: empty line");
        assertThatThrownBy(() -> parse("skip\n"))
                .isInstanceOf(FsxLogException.class).hasMessage("ops:1: 'skip' without an op");
    }

    @Test
    void theCheckFollowsTheSizeFromAnEmptyFile() throws Exception {
        List<FsxOp> good = parse("write 0x1000 0x10 0x0\ntruncate 0x0 0x800 0x1010\n"
                + "zero_range 0x0 0x2000 0x800 keep_size\nzero_range 0x0 0x2000 0x800\nread 0x0 0x2000 0x2000\n"
                + "mapwrite 0x3000 0x10 0x2000\nfsync 0x0 0x0 0x0\nfallocate 0x0 0x5000 0x3010 keep_size\npunch_hole 0x0 0x3010 0x3010\n");
        FsxLogCheck.check(good, "ops", 1 << 20);

        assertThatThrownBy(() -> FsxLogCheck.check(parse("write 0x0 0x10 0x0\nread 0x0 0x10 0x20\n"), "ops", 1 << 20))
                .hasMessage("ops:2: read 0x0 0x10 0x20: the size before the op is 0x10 after the ops before it, "
                        + "not 0x20");
        assertThatThrownBy(() -> FsxLogCheck.check(parse("write 0x0 0x10 0x0\nread 0x8 0x10 0x10\n"), "ops", 1 << 20))
                .hasMessage("ops:2: read 0x8 0x10 0x10: range ends at 0x18, past EOF 0x10");
        assertThatThrownBy(() -> FsxLogCheck.check(parse("write 0xff000 0x2000 0x0\n"), "ops", 1 << 20))
                .hasMessage("ops:1: write 0xff000 0x2000 0x0: reaches 0x101000, past maxfilelen 0x100000 (-l)");
        assertThatThrownBy(() -> FsxLogCheck.check(parse("write 0x0 0x0 0x0\n"), "ops", 1 << 20))
                .hasMessage("ops:1: write 0x0 0x0 0x0: empty or overflowing range (fsx logs those as skip)");
        assertThatThrownBy(() -> FsxLogCheck.check(parse("skip read 0x0 0x0 0x0\nexchange_range 0x0 0x1 0x2 0x0\n"),
                "ops", 1 << 20)).hasMessage("ops:2: exchange_range 0x0 0x1 0x2 0x0: exchange_range is not supported "
                        + "by jxfs replay");
    }

    @Test
    void copyRangeReadsInsideTheFileAndMayExtendIt() throws Exception {
        FsxLogCheck.check(parse("write 0x0 0x3000 0x0\ncopy_range 0x1000 0x1000 0x8000 0x3000\n"
                + "read 0x0 0x9000 0x9000\n"), "ops", 1 << 20);
        assertThatThrownBy(() -> FsxLogCheck.check(parse("write 0x0 0x3000 0x0\ncopy_range 0x2000 0x2000 0x8000 0x3000\n"),
                "ops", 1 << 20)).hasMessage("ops:2: copy_range 0x2000 0x2000 0x8000 0x3000: range ends at 0x4000, "
                        + "past EOF 0x3000");
        assertThatThrownBy(() -> FsxLogCheck.check(parse("write 0x0 0x3000 0x0\ncopy_range 0x0 0x2000 0x1000 0x3000\n"),
                "ops", 1 << 20)).hasMessage("ops:2: copy_range 0x0 0x2000 0x1000 0x3000: source and destination "
                        + "overlap (copy_file_range refuses that with EINVAL)");
        assertThatThrownBy(() -> FsxLogCheck.check(parse("write 0x0 0x3000 0x0\ncopy_range 0x0 0x2000 0xff000 0x3000\n"),
                "ops", 1 << 20)).hasMessage("ops:2: copy_range 0x0 0x2000 0xff000 0x3000: reaches 0x101000, past "
                        + "maxfilelen 0x100000 (-l)");
    }

    @Test
    void fsxNumberOptionsTakeTheirUnits() {
        assertThat(FsxGetnum.parse("1m")).isEqualTo(1 << 20);
        assertThat(FsxGetnum.parse("256k")).isEqualTo(256 << 10);
        assertThat(FsxGetnum.parse("2b")).isEqualTo(1024);
        assertThat(FsxGetnum.parse("0xb")).isEqualTo(11);
        assertThat(FsxGetnum.parse("1111")).isEqualTo(1111);
        assertThatThrownBy(() -> FsxGetnum.parse("1q")).hasMessage("bad number '1q'");
        assertThatThrownBy(() -> FsxGetnum.parse("")).hasMessage("bad number ''");
    }
}
