// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * fsx's data generator. The original bytes of seed 7 are glibc's first random() values for seed 7 (1045618677,
 * 1863967299, 1272579899, checked with glibc itself) modulo 256: 245, 67, 59.
 */
class FsxDataTest {
    private static byte[] gen(FsxData d, int op, long offset, int len) {
        byte[] b = new byte[len];
        d.generate(op, offset, b, len);
        return b;
    }

    @Test
    void evenOffsetsHoldTheOpNumberOddOnesAddTheOriginalByte() {
        FsxData d = FsxData.seeded(7, 16);
        assertThat(gen(d, 5, 0, 3)).containsExactly(5, (byte) (5 + 67), 5);
    }

    @Test
    void theIndexIsTheFileOffsetNotTheOffsetInTheOp() {
        FsxData d = FsxData.seeded(7, 16);
        // op 300 stores 300 % 256 = 44 at even offsets; offset 1 is odd: 44 + 67
        assertThat(gen(d, 300, 1, 2)).containsExactly((byte) (44 + 67), 44);
    }

    @Test
    void fillDataIgnoresTheSeed() {
        FsxData d = FsxData.filled('x', 8);
        assertThat(gen(d, 3, 2, 4)).containsExactly('x', 'x', 'x', 'x');
    }

    @Test
    void writesPastMaxfilelenAreRefused() {
        FsxData d = FsxData.seeded(7, 16);
        assertThatThrownBy(() -> gen(d, 1, 10, 7)).isInstanceOf(IllegalArgumentException.class);
        assertThat(d.maxFileLen()).isEqualTo(16);
    }
}
