// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.btree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.jxfs.core.format.BigEndian;
import org.junit.jupiter.api.Test;

/** The in-place key readers the binary search compares with. */
class KeyFieldTest {
    @Test
    void u32FieldsAreUnsignedBigEndianAtTheirOffset() {
        byte[] b = new byte[16];
        BigEndian.putU32(b, 4 + 4, 0xfffffffeL);
        assertThat(KeyField.u32(4).read(b, 4)).isEqualTo(0xfffffffeL);
        assertThat(KeyField.u32(0).read(b, 4)).isZero();
    }

    @Test
    void bitsOfAWordAreShiftedAndMasked() {
        Random rnd = new Random(7);
        KeyField startoff = KeyField.bitsOfU64(0, 9, 54);
        for (int i = 0; i < 1000; i++) {
            long off = rnd.nextLong() & ((1L << 54) - 1);
            long word = (rnd.nextBoolean() ? Long.MIN_VALUE : 0) | off << 9 | rnd.nextInt(512);
            byte[] b = new byte[24];
            BigEndian.putU64(b, 8, word);
            assertThat(startoff.read(b, 8)).isEqualTo(off);
        }
    }

    @Test
    void wholeWordsKeepEveryBit() {
        byte[] b = new byte[8];
        BigEndian.putU64(b, 0, 0x8000_0000_0000_0001L);
        assertThat(KeyField.u64(0).read(b, 0)).isEqualTo(0x8000_0000_0000_0001L);
    }
}
