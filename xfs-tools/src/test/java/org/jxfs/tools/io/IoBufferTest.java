// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IoBufferTest {
    @Test
    void allocFillsWithTheLowByteOfTheSeed() {
        IoBuffer b = new IoBuffer();
        assertThat(b.alloc(8, false, 0x12345678)).isTrue();
        assertThat(b.size()).isEqualTo(8);
        assertThat(b.bytes()).startsWith(0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78);
    }

    @Test
    void theBufferOnlyGrowsAndUflagKeepsItsContents() {
        IoBuffer b = new IoBuffer();
        b.alloc(16, false, 0x61);
        b.alloc(4, true, 0);
        assertThat(b.size()).isEqualTo(4);
        assertThat(b.bytes().length).isEqualTo(16);
        assertThat(b.bytes()[0]).isEqualTo((byte) 0x61);
    }

    @Test
    void tooLargeABufferFails() {
        assertThat(new IoBuffer().alloc(IoBuffer.MAX_SIZE + 1, false, 0)).isFalse();
    }

    @Test
    void dumpIsXfsIosHexAndTextWithAnUnpaddedLastLine() {
        IoBuffer b = new IoBuffer();
        b.alloc(20, false, 0xcd);
        byte[] a = b.bytes();
        for (int i = 4; i < 20; i++) {
            a[i] = 0x41;
        }
        a[5] = '9';
        a[6] = ' ';
        a[7] = (byte) 0xe9;
        // xfs_io 'pread -v 96 24' over cd x4, 41 x20 printed lines of this shape
        assertThat(b.dump(0x60, 20)).isEqualTo(""
                + "00000060:  cd cd cd cd 41 39 20 e9 41 41 41 41 41 41 41 41  ....A9..AAAAAAAA\n"
                + "00000070:  41 41 41 41  AAAA\n");
    }

    @Test
    void offsetsPastEightHexDigitsWiden() {
        IoBuffer b = new IoBuffer();
        b.alloc(1, false, 0x30);
        assertThat(b.dump(0x123456789L, 1)).isEqualTo("123456789:  30  0\n");
    }
}
