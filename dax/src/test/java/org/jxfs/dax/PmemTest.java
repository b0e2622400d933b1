// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jxfs.core.XfsIoException;
import org.jxfs.core.dev.BlockDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PmemTest {
    static final long CHUNK = BlockDevice.CHUNK;
    static final long TAIL = 64 << 10;

    @TempDir
    Path dir;

    /** An image of two whole chunks and a 64 KiB unmapped tail. */
    static Path image(Path dir) throws Exception {
        Path p = dir.resolve("pmem.img");
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
            raf.setLength(2 * CHUNK + TAIL);
        }
        return p;
    }

    @Test
    void loadsAndStoresReachTheImageThroughTheMapping() throws Exception {
        Path p = image(dir);
        try (BlockDevice dev = BlockDevice.open(p, false)) {
            Pmem pmem = new Pmem(dev);
            assertThat(pmem.daxLimit()).isEqualTo(2 * CHUNK);
            pmem.writeLong(4096, 0x1122334455667788L);
            pmem.writeByte(CHUNK + 5, (byte) 0x7f);
            pmem.writeLong(CHUNK - 4, 0x0102030405060708L); // straddles the chunk boundary
            assertThat(pmem.readLong(4096)).isEqualTo(0x1122334455667788L);
            assertThat(pmem.readByte(CHUNK + 5)).isEqualTo((byte) 0x7f);
            assertThat(pmem.readLong(CHUNK - 4)).isEqualTo(0x0102030405060708L);
            byte[] via = new byte[8];
            dev.read(4096, via, 0, 8);
            assertThat(ByteBuffer.wrap(via).order(ByteOrder.nativeOrder()).getLong()).isEqualTo(0x1122334455667788L);
            dev.write(8192, new byte[] {1, 2, 3}, 0, 3);
            byte[] back = new byte[3];
            pmem.read(8192, back, 0, 3);
            assertThat(back).containsExactly(1, 2, 3);
            pmem.persist(0, 2 * CHUNK);
            pmem.persistAll();
        }
        byte[] onDisk = Files.readAllBytes(p);
        assertThat(ByteBuffer.wrap(onDisk, 4096, 8).order(ByteOrder.nativeOrder()).getLong())
                .isEqualTo(0x1122334455667788L);
        assertThat(onDisk[(int) CHUNK + 5]).isEqualTo((byte) 0x7f);
        assertThat(onDisk.length).isEqualTo(2 * CHUNK + TAIL);
    }

    @Test
    void theUnmappedTailIsRefusedForDax() throws Exception {
        try (BlockDevice dev = BlockDevice.open(image(dir), false)) {
            Pmem pmem = new Pmem(dev);
            assertThatThrownBy(() -> pmem.readLong(2 * CHUNK)).isInstanceOf(XfsIoException.class)
                    .hasMessageContaining("unmapped tail");
            assertThatThrownBy(() -> pmem.directAccess(2 * CHUNK - 4096, 8192)).isInstanceOf(XfsIoException.class)
                    .hasMessageContaining("cannot be used for DAX");
            assertThatThrownBy(() -> pmem.writeLong(2 * CHUNK + TAIL, 1)).isInstanceOf(XfsIoException.class)
                    .hasMessageContaining("beyond the end");
            assertThatThrownBy(() -> pmem.readByte(-1)).isInstanceOf(XfsIoException.class);
            assertThat(pmem.directAccess(CHUNK - 4096, 3 * 4096)).isEqualTo(4096);
        }
    }

    @Test
    void storesToAReadOnlyDeviceAreRefused() throws Exception {
        Path p = image(dir);
        try (BlockDevice dev = BlockDevice.open(p, true)) {
            Pmem pmem = new Pmem(dev);
            assertThat(pmem.readLong(0)).isZero();
            assertThatThrownBy(() -> pmem.writeLong(0, 1)).isInstanceOf(XfsIoException.class)
                    .hasMessageContaining("read-only");
        }
    }

    @Test
    void clearBlocksZeroesAcrossChunksAndIntoTheTail() throws Exception {
        try (BlockDevice dev = BlockDevice.open(image(dir), false)) {
            Pmem pmem = new Pmem(dev);
            byte[] ones = new byte[(int) TAIL];
            java.util.Arrays.fill(ones, (byte) 0xff);
            dev.write(2 * CHUNK, ones, 0, ones.length);
            pmem.fill(0, 2 * CHUNK, (byte) 0xff);
            // 1 KiB blocks: from 8 KiB before the second chunk boundary to 4 KiB into the tail
            long first = (2 * CHUNK - 8192) >> 10;
            DaxClearBlocks.clear(pmem, 10, first, 8192 + 4096);
            DaxClearBlocks.clear(pmem, 10, (CHUNK - 1024) >> 10, 2048);
            assertThat(pmem.readByte(2 * CHUNK - 8193)).isEqualTo((byte) 0xff);
            for (long off = 2 * CHUNK - 8192; off < 2 * CHUNK; off += 8) {
                assertThat(pmem.readLong(off)).isZero();
            }
            byte[] tail = new byte[(int) TAIL];
            dev.read(2 * CHUNK, tail, 0, tail.length);
            for (int i = 0; i < tail.length; i++) {
                assertThat(tail[i]).isEqualTo(i < 4096 ? (byte) 0 : (byte) 0xff);
            }
            assertThat(pmem.readByte(CHUNK - 1025)).isEqualTo((byte) 0xff);
            assertThat(pmem.readLong(CHUNK - 1024)).isZero();
            assertThat(pmem.readLong(CHUNK + 1016)).isZero();
            assertThat(pmem.readByte(CHUNK + 1024)).isEqualTo((byte) 0xff);
            assertThatThrownBy(() -> DaxClearBlocks.clear(pmem, 10, 0, 100)).isInstanceOf(XfsIoException.class);
        }
    }

    @Test
    void theInstalledHookIsTheDevicesZeroing() throws Exception {
        try (BlockDevice dev = BlockDevice.open(image(dir), false)) {
            Pmem pmem = new Pmem(dev);
            pmem.fill(0, 2 * CHUNK, (byte) 0x5a);
            DaxClearBlocks.install(pmem);
            dev.zeroRange(CHUNK - 512, 1024);
            assertThat(pmem.readByte(CHUNK - 513)).isEqualTo((byte) 0x5a);
            assertThat(pmem.readLong(CHUNK - 512)).isZero();
            assertThat(pmem.readLong(CHUNK + 504)).isZero();
            assertThat(pmem.readByte(CHUNK + 512)).isEqualTo((byte) 0x5a);
            dev.zeroRange(2 * CHUNK + 100, 50); // the tail goes through the device's write
            byte[] b = new byte[1];
            dev.read(2 * CHUNK + 120, b, 0, 1);
            assertThat(b[0]).isZero();
        }
    }
}
