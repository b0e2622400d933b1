// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jxfs.core.format.BufLogFormat;
import org.jxfs.core.format.BufLogType;
import org.jxfs.core.format.InodeLogFormat;
import org.junit.jupiter.api.Test;

class CilSpaceTest {
    static LogVector buf(long daddr, int chunks) {
        byte[] fmt = BufLogFormat.encode(daddr, 8, 4096, BufLogType.AGF, 0, chunks - 1);
        return LogVector.of(new byte[][] {fmt, new byte[chunks * BufLogFormat.CHUNK]}, null);
    }

    static LogVector inode(long ino) {
        return LogVector.of(new byte[][] {InodeLogFormat.encode(2, InodeLogFormat.CORE, 0, 0, ino, 0, 64, 16, 0),
            new byte[176]}, null);
    }

    @Test
    void thresholdIsAnEighthOfTheLogCappedAt32MiB() {
        assertThat(new CilSpace(10L << 20).limit()).isEqualTo((10L << 20) / 8);
        assertThat(new CilSpace(2L << 30).limit()).isEqualTo(32L << 20);
    }

    @Test
    void reloggingAnItemCountsItOnceAtItsLargestSize() {
        CilSpace cil = new CilSpace(1L << 20);
        cil.insert(List.of(buf(16, 1), inode(128)));
        long first = cil.used();
        assertThat(first).isEqualTo(2 * 12 + BufLogFormat.size(BufLogFormat.mapWords(4096)) + 128
                + 12 + InodeLogFormat.SIZE + 12 + 176);
        cil.insert(List.of(buf(16, 1), inode(128)));
        assertThat(cil.used()).isEqualTo(first);
        cil.insert(List.of(buf(16, 4)));
        assertThat(cil.used()).isEqualTo(first + 3 * BufLogFormat.CHUNK);
        cil.insert(List.of(buf(16, 2)));
        assertThat(cil.used()).isEqualTo(first + 3 * BufLogFormat.CHUNK);
    }

    @Test
    void distinctItemsGrowTheCheckpointUntilItPassesTheThreshold() {
        CilSpace cil = new CilSpace(64 * 1024);
        int n = 0;
        while (!cil.insert(List.of(buf(8L * n, 32)))) {
            n++;
        }
        assertThat(cil.used()).isGreaterThan(cil.limit());
        assertThat(n).isEqualTo((int) (cil.limit() / (4096 + 24 + BufLogFormat.size(BufLogFormat.mapWords(4096)))));
        cil.reset();
        assertThat(cil.used()).isZero();
        assertThat(cil.insert(List.of(buf(0, 32)))).isFalse();
    }
}
