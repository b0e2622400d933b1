// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** mmap, mread, mwrite, msync and munmap over a {@link FakeFile}: parsing, the table, output and signals. */
class MmapCommandsTest {
    private final FakeShell fs = new FakeShell();

    private void fill(int size, char c) {
        fs.file.data = new byte[size];
        Arrays.fill(fs.file.data, (byte) c);
        fs.file.size = size;
    }

    @Test
    void mappingsAreListedAsPrintMappingDoesTheCurrentOneInBraces() {
        fill(5000, 'A');
        int rc = fs.run("mmap -r 0 8192", "mmap 4096 4096", "mmap -S -w 0 4k", "mmap", "mmap 0", "mmap 7", "mm");
        String l0 = " 0x7effffffe000 - 0x7f0000000000 r--               f (0 : 8192)\n";
        String l1 = " 0x7effffffd000 - 0x7effffffe000 rwx               f (4096 : 4096)\n";
        String l2 = " 0x7effffffc000 - 0x7effffffd000 -w- S               f (0 : 4096)\n";
        assertThat(fs.out()).isEqualTo(
                " 000 " + l0 + " 001 " + l1 + "[002]" + l2
                + "[000]" + l0 + " 001 " + l1 + " 002 " + l2
                + "value 7 is out of range (0-3)\n"
                + "[000]" + l0 + " 001 " + l1 + " 002 " + l2);
        assertThat(fs.err()).isEmpty();
        assertThat(rc).isOne();
        assertThat(fs.file.calls).containsExactly("mmap 0 8192 ro", "mmap 4096 4096 rw", "mmap 0 4096 rw sync");
    }

    @Test
    void mreadDumpsWithMappingOrFileOffsetsAndInReverse() {
        fill(5000, 'A');
        fs.file.data[4100] = 'b';
        fs.run("mmap 4096 4096", "mread -v 4096 20", "mread -f 4096 20", "mread -r -v 4096 6",
                "mread -v 4096 1", "mread 4096 4096");
        assertThat(fs.out()).isEqualTo(""
                + "00000000:  41 41 41 41 62 41 41 41 41 41 41 41 41 41 41 41  AAAAbAAAAAAAAAAA\n"
                + "00000010:  41 41 41 41  AAAA\n"
                + "00001000:  41 41 41 41 62 41 41 41 41 41 41 41 41 41 41 41  AAAAbAAAAAAAAAAA\n"
                + "00001010:  41 41 41 41  AAAA\n"
                + "00000000:  41 62 41 41 41 41  AbAAAA\n");   // -v of one byte dumps nothing, as in xfs_io
        assertThat(fs.err()).isEmpty();
    }

    @Test
    void mreadPiecesArePagesAfterAFirstPieceOfLengthModuloPageSize() {
        fill(12288, 'A');
        fs.run("mmap 0 12288", "mread -v 0 8200");
        String out = fs.out();
        assertThat(out.lines().filter(l -> l.startsWith("00000000:"))).hasSize(1);
        assertThat(out).contains("00000000:  41 41 41 41 41 41 41 41  AAAAAAAA\n")
                .contains("00000008:  41").contains("00001008:  41").doesNotContain("00002000");
        assertThat(out.lines().count()).isEqualTo(1 + 256 + 256);
    }

    @Test
    void mwriteFillsWithXOrTheSeedRelativeToTheMappingsFileOffset() {
        fill(8192, 'A');
        int rc = fs.run("mmap 4096 4096", "mwrite 4100 3", "mwrite -r -S 0x62 4200 2", "mwrite -S 99 8190 2");
        assertThat(rc).isZero();
        assertThat(new String(fs.file.data, 4096, 8, java.nio.charset.StandardCharsets.ISO_8859_1))
                .isEqualTo("AAAAXXXA");
        assertThat(fs.file.data[4200]).isEqualTo((byte) 'b');
        assertThat(fs.file.data[4201]).isEqualTo((byte) 'b');
        assertThat(fs.file.data[8191]).isEqualTo((byte) 99);
        fs.run("mwrite");
        assertThat(fs.file.data[4096]).isEqualTo((byte) 'X');
    }

    @Test
    void rangesAreCheckedAsCheckMappingRangeChecksThem() {
        fill(16384, 'A');
        int rc = fs.run("mmap 4096 4096", "mread 4000 10", "mwrite 9000 1", "mread 4096 9000", "msync 4097 10",
                "mread x 1", "mread 0 y", "mwrite -S zz 4096 1", "mread 1 2 3", "msync -a 1 2 3", "mwrite 1",
                "mread -q", "msync -q", "mwrite -q");
        assertThat(fs.out()).isEqualTo(""
                + "offset (4000) is before start of mapping (4096)\n"
                + "offset (4904) is beyond end of mapping (4096)\n"
                + "range (4096:0) is beyond mapping (4096:4096)\n"
                + "offset address (0x7efffffff001) is not page aligned\n"
                + "non-numeric offset argument -- x\n"
                + "non-numeric length argument -- y\n"
                + "non-numeric seed -- zz\n"
                + "mread [-r] [off len] -- reads data from a region in the current memory mapping\n"
                + "msync [-ais] [off len] -- flush a region in the current memory mapping\n"
                + "mwrite [-r] [-S seed] [off len] -- writes data into a region in the current memory mapping\n"
                + "mread [-r] [off len] -- reads data from a region in the current memory mapping\n"
                + "msync [-ais] [off len] -- flush a region in the current memory mapping\n"
                + "mwrite [-r] [-S seed] [off len] -- writes data into a region in the current memory mapping\n");
        assertThat(fs.err()).isEqualTo("mread: invalid option -- 'q'\nmsync: invalid option -- 'q'\n"
                + "mwrite: invalid option -- 'q'\n");
        assertThat(rc).isOne();
    }

    @Test
    void msyncPassesMsSyncAndTheKernelsFlagChecks() {
        fill(16384, 'A');
        fs.run("mmap 0 8192", "msync", "msync -s 4096 100", "msync -a", "msync -i", "msync -as");
        assertThat(fs.file.calls).containsExactly("mmap 0 8192 rw", "msync 0 8192", "msync 4096 4096 sync",
                "msync 0 8192", "msync 0 8192");
        assertThat(fs.err()).isEqualTo("msync: Invalid argument\n");
    }

    @Test
    void munmapShufflesTheTableAndTheCommandsThenNeedAMapping() {
        fill(8192, 'A');
        int rc = fs.run("mread", "mmap 0 4096", "mmap 4096 4096", "mmap 0", "munmap", "munmap", "munmap", "mmap",
                "mread", "mwrite", "msync");
        assertThat(fs.out()).isEqualTo(""
                + "[000] 0x7efffffff000 - 0x7f0000000000 rwx               f (0 : 4096)\n"
                + " 001  0x7effffffe000 - 0x7efffffff000 rwx               f (4096 : 4096)\n"
                + "[000] 0x7effffffe000 - 0x7efffffff000 rwx               f (4096 : 4096)\n");
        assertThat(fs.err()).isEqualTo("no mapped regions, try 'help mmap'\n".repeat(6));
        assertThat(rc).isOne();
        assertThat(fs.file.calls).containsExactly("mmap 0 4096 rw", "mmap 4096 4096 rw", "munmap 0 4096",
                "munmap 4096 4096");
    }

    @Test
    void aFreedGapIsReusedAndMinusSReservesSpaceAbove() {
        fill(8192, 'A');
        fs.run("mmap 0 4k", "mmap 0 4k", "mmap 0 4k", "mmap 1", "munmap", "mmap 0 4k", "mmap -s 64k 0 4k");
        fs.file.calls.clear();
        int before = fs.out().length();
        fs.run("mmap");
        assertThat(fs.out().substring(before)).isEqualTo(""
                + " 000  0x7efffffff000 - 0x7f0000000000 rwx               f (0 : 4096)\n"
                + " 001  0x7effffffd000 - 0x7effffffe000 rwx               f (0 : 4096)\n"
                + " 002  0x7effffffe000 - 0x7efffffff000 rwx               f (0 : 4096)\n"
                + "[003] 0x7efffffed000 - 0x7efffffee000 rwx               f (0 : 4096)\n");
    }

    @Test
    void mmapErrorsArePerroredAndArgumentsChecked() {
        fill(8192, 'A');
        fs.file.mmapError = null;
        int rc = fs.run("mmap 1 4k", "mmap 0 0", "mmap 0 1x", "mmap x 4k", "mmap -q 0 4k", "mmap 0 4k 8k");
        assertThat(fs.err()).isEqualTo("mmap: Invalid argument\nmmap: Invalid argument\n"
                + "mmap: invalid option -- 'q'\n");
        String usage = "mmap [N] | [-rwxS] [-s size] [off len] -- mmap a range in the current file, show mappings\n";
        assertThat(fs.out()).isEqualTo("non-numeric length argument -- 1x\nnon-numeric offset argument -- x\n"
                + usage + usage);
        assertThat(rc).isOne();
        fs.file.mmapError = new IoException(Errno.EOPNOTSUPP);
        fs.sh.runCommands(java.util.List.of("mmap 0 4k", "mmap"));
        assertThat(fs.err()).endsWith("mmap: Operation not supported\nno mapped regions, try 'help mmap'\n");
    }

    @Test
    void aTouchPastEofsPageIsSigbusAndEndsTheRunLikeTheSignal() {
        fill(100, 'A');
        int rc = fs.run("mmap 0 8192", "mread 0 4096", "mread -v 0 4097", "pwrite 0 1");
        assertThat(fs.out()).isEmpty();
        assertThat(fs.err()).isEqualTo("Bus error\n");
        assertThat(rc).isEqualTo(135);
        assertThat(fs.file.calls).noneMatch(c -> c.startsWith("pwrite"));
    }

    @Test
    void aStoreToAMappingWithoutProtWriteIsSigsegv() {
        fill(4096, 'A');
        int rc = fs.run("mmap -r 0 4096", "mwrite 0 1", "mread 0 1");
        assertThat(fs.err()).isEqualTo("Segmentation fault\n");
        assertThat(rc).isEqualTo(139);
        assertThat(fs.file.data[0]).isEqualTo((byte) 'A');
    }

    @Test
    void printListsFilesThenMappingsAndCloseAllUnmaps() throws IoException {
        fill(4096, 'A');
        fs.run("mmap 0 4k", "print");
        assertThat(fs.out()).isEqualTo("[000] f              (xfs,non-sync,non-direct,read-write)\n"
                + "[000] 0x7efffffff000 - 0x7f0000000000 rwx               f (0 : 4096)\n");
        fs.sh.closeAll();
        assertThat(fs.file.calls).endsWith("munmap 0 4096");
    }

    @Test
    void helpTextsAreMmapCs() {
        fs.run("help munmap", "help msync");
        assertThat(fs.out()).startsWith("munmap -- unmaps the current memory mapping\n"
                + "msync [-ais] [off len] -- flush a region in the current memory mapping\n\n"
                + " flushes a range of bytes in the current memory mapping\n");
    }

    @Test
    void mremapShrinksGrowsInPlaceMovesWithMinusMAndRefusesOverlapsWithMinusF() {
        fill(8192, 'A');
        int rc = fs.run("mmap 0 4k", "mmap 0 4k", "mmap 0", "mremap 8k", "mremap -m 8k", "mmap", "mremap 4k",
                "mremap 5000", "mmap", "mremap 0", "mremap x", "mremap -f 0x7effffffc000 4k", "mremap 1 2",
                "mremap -q 1", "mremap", "mremap -f 0x10000 8k", "mremap -f 0x11000 4k", "mremap -f 0x10001 4k",
                "mmap", "mremap -m 3", "mmap", "mread 0 5");
        assertThat(fs.out()).isEqualTo(""
                + "[000] 0x7efffffff000 - 0x7f0000000000 rwx               f (0 : 4096)\n"
                + " 001  0x7effffffe000 - 0x7efffffff000 rwx               f (0 : 4096)\n"
                + "[000] 0x7effffffc000 - 0x7effffffe000 rwx               f (0 : 8192)\n"
                + " 001  0x7effffffe000 - 0x7efffffff000 rwx               f (0 : 4096)\n"
                + "[000] 0x7effffffc000 - 0x7effffffd388 rwx               f (0 : 5000)\n"
                + " 001  0x7effffffe000 - 0x7efffffff000 rwx               f (0 : 4096)\n"
                + "non-numeric offset argument -- x\n"
                + "mremap [-m|-f <new_address>] newsize -- alters the size of the current memory mapping\n"
                + "mremap [-m|-f <new_address>] newsize -- alters the size of the current memory mapping\n"
                + "[000] 0x10000 - 0x12000 rwx               f (0 : 8192)\n"
                + " 001  0x7effffffe000 - 0x7efffffff000 rwx               f (0 : 4096)\n"
                + "[000] 0x10000 - 0x10003 rwx               f (0 : 3)\n"
                + " 001  0x7effffffe000 - 0x7efffffff000 rwx               f (0 : 4096)\n"
                + "range (0:0) is beyond mapping (0:3)\n");
        assertThat(fs.err()).isEqualTo("mremap: Cannot allocate memory\nmremap: Invalid argument\n"
                + "mremap: Invalid argument\nmremap: invalid option -- 'q'\n"
                + "bad argument count 0 to mremap, expected between 1 and 3 arguments\n"
                + "mremap: Invalid argument\nmremap: Invalid argument\n");
        assertThat(rc).isOne();
    }
}
