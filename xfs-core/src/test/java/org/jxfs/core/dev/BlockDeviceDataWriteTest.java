// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import net.openhft.chronicle.bytes.MappedBytesStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * File data written with {@link BlockDevice#writeData} goes through the device's write cache: every read of the
 * device sees it at once, it reaches the image file before any metadata write, zeroing or flush, and before a mapping
 * is handed out, and later writes of the same bytes win whichever path they take. The image file is read
 * independently (its own FileChannel, i.e. the page cache) to see what has reached it.
 */
class BlockDeviceDataWriteTest {
    /** Two mapped chunks and a tail of three 4 KiB blocks that only the FileChannel reaches. */
    private static final long SIZE = 2 * BlockDevice.CHUNK + 3 * 4096;
    private Path img;
    private BlockDevice dev;

    @BeforeEach
    void setUp() throws Exception {
        Path dir = Path.of("target", "bdev-data-tests");
        Files.createDirectories(dir);
        img = Files.createTempFile(dir, "data", ".img");
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(SIZE);
        }
        dev = BlockDevice.open(img, false);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (dev != null) {
            dev.close();
        }
        Files.deleteIfExists(img);
    }

    private static byte[] filled(int len, int v) {
        byte[] b = new byte[len];
        Arrays.fill(b, (byte) v);
        return b;
    }

    private byte[] inImage(long off, int len) throws IOException {
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
            ByteBuffer bb = ByteBuffer.allocate(len);
            while (bb.hasRemaining()) {
                ch.read(bb, off + bb.position());
            }
            return bb.array();
        }
    }

    private byte[] viaDevice(long off, int len) throws Exception {
        byte[] b = new byte[len];
        dev.read(off, b, 0, len);
        return b;
    }

    @Test
    void aReadOfTheDeviceSeesDataAtOnce() throws Exception {
        dev.writeData(8192, filled(4096, 0xcd), 0, 4096);
        dev.writeData(12288, filled(4096, 0xab), 0, 4096);
        assertThat(viaDevice(8192 + 4000, 200)).isEqualTo(
                concat(filled(96, 0xcd), filled(104, 0xab)));
    }

    @Test
    void heldDataReachesTheImageBeforeAMetadataWriteElsewhere() throws Exception {
        dev.writeData(1L << 20, filled(4096, 0x11), 0, 4096);
        assertThat(inImage(1L << 20, 4096)).as("held in the write cache, not yet in the image")
                .isEqualTo(new byte[4096]);
        dev.write(3L << 20, filled(512, 0x22), 0, 512);
        assertThat(inImage(1L << 20, 4096)).isEqualTo(filled(4096, 0x11));
        assertThat(inImage(3L << 20, 512)).isEqualTo(filled(512, 0x22));
    }

    @Test
    void heldDataReachesTheImageBeforeZeroingAndOnFlushAndClose() throws Exception {
        dev.writeData(4096, filled(4096, 0x33), 0, 4096);
        dev.zeroRange(1L << 20, 4096);
        assertThat(inImage(4096, 4096)).isEqualTo(filled(4096, 0x33));

        dev.writeData(8192, filled(4096, 0x44), 0, 4096);
        dev.flush();
        assertThat(inImage(8192, 4096)).isEqualTo(filled(4096, 0x44));

        dev.writeData(SIZE - 4096, filled(4096, 0x55), 0, 4096);
        dev.close();
        dev = null;
        assertThat(inImage(SIZE - 4096, 4096)).isEqualTo(filled(4096, 0x55));
        assertThat(Files.size(img)).isEqualTo(SIZE);
    }

    @Test
    void laterWritesOfTheSameBytesWinWhicheverPathTheyTake() throws Exception {
        dev.writeData(0, filled(8192, 0x01), 0, 8192);
        dev.write(4096, filled(4096, 0x02), 0, 4096);
        dev.writeData(2048, filled(1024, 0x03), 0, 1024);
        dev.zeroRange(2560, 256);
        dev.flush();
        byte[] want = concat(filled(2048, 0x01), filled(512, 0x03), new byte[256], filled(256, 0x03),
                filled(1024, 0x01), filled(4096, 0x02));
        assertThat(inImage(0, 8192)).isEqualTo(want);
        assertThat(viaDevice(0, 8192)).isEqualTo(want);
    }

    @Test
    void aMappingHandedOutSeesHeldDataAndEveryDataWriteAfter() throws Exception {
        long off = BlockDevice.CHUNK + 4096;
        dev.writeData(off, filled(4096, 0x66), 0, 4096);
        MappedBytesStore s = dev.mappedChunk(off);
        assertThat(s.readByte(off)).isEqualTo((byte) 0x66);
        dev.writeData(off + 4096, filled(4096, 0x77), 0, 4096);
        assertThat(s.readByte(off + 4096)).as("the cache is off once a mapping is out").isEqualTo((byte) 0x77);
        assertThat(inImage(off + 4096, 4096)).isEqualTo(filled(4096, 0x77));
    }

    /**
     * Random data writes (runs that grow, overwrites inside a run, writes straddling a run, writes larger than a run,
     * across the chunk boundary and into the tail), metadata writes, zeroing and reads against a byte array; the
     * device must read the model back at every step and the image must hold it after close.
     */
    @Test
    void randomMixOfWritesMatchesAModel() throws Exception {
        Random rnd = new Random(11);
        byte[] model = new byte[(int) SIZE];
        long[] hot = {0, BlockDevice.CHUNK - 64 * 1024, 2 * BlockDevice.CHUNK - 8192, SIZE - 5 * 4096};
        long next = 0;
        for (int i = 0; i < 4000; i++) {
            int op = rnd.nextInt(10);
            long off;
            int len;
            if (op < 4) {
                // A sequential run from a hot spot, 512-aligned lengths.
                len = 512 * (1 + rnd.nextInt(16));
                off = next + len <= SIZE && rnd.nextInt(8) != 0 ? next : hot[rnd.nextInt(hot.length)];
                len = (int) Math.min(len, SIZE - off);
            } else {
                len = rnd.nextInt(12) == 0 ? DataWriteCache.CAPACITY + 4096 : 1 + rnd.nextInt(9000);
                off = (long) (rnd.nextDouble() * (SIZE - len));
                if (rnd.nextBoolean()) {
                    off = Math.min(hot[rnd.nextInt(hot.length)] + rnd.nextInt(64 * 1024), SIZE - 1);
                    len = (int) Math.min(len, SIZE - off);
                }
            }
            byte[] b = new byte[len];
            rnd.nextBytes(b);
            switch (op) {
                case 0, 1, 2, 3, 4, 5 -> {
                    dev.writeData(off, b, 0, len);
                    System.arraycopy(b, 0, model, (int) off, len);
                    next = off + len;
                }
                case 6 -> {
                    dev.write(off, b, 0, len);
                    System.arraycopy(b, 0, model, (int) off, len);
                }
                case 7 -> {
                    dev.zeroRange(off, len);
                    Arrays.fill(model, (int) off, (int) off + len, (byte) 0);
                }
                default -> assertThat(viaDevice(off, len)).as("read %d at %d, step %d", len, off, i)
                        .isEqualTo(Arrays.copyOfRange(model, (int) off, (int) off + len));
            }
        }
        assertThat(viaDevice(0, model.length)).isEqualTo(model);
        dev.close();
        dev = null;
        assertThat(inImage(0, model.length)).isEqualTo(model);
    }

    @Test
    void aReadOnlyDeviceRefusesDataWrites() throws Exception {
        try (BlockDevice ro = BlockDevice.open(img, true)) {
            assertThatThrownBy(() -> ro.writeData(0, new byte[512], 0, 512))
                    .hasMessageContaining("read-only");
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
