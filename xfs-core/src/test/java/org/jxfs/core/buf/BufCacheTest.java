// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.buf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jxfs.core.dev.BlockDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The buffer cache keeps one buffer per block: its lock-free front array must never hand out a buffer that the
 * segments no longer stand for (replaced by get, invalidated, purged), nor one for another block in its slot.
 */
class BufCacheTest {
    private static final int BB = 8;
    private Path img;
    private BlockDevice dev;
    private BufCache cache;

    @BeforeEach
    void setUp() throws Exception {
        Path dir = Path.of("target", "bufcache-tests");
        Files.createDirectories(dir);
        img = dir.resolve("bufcache.img");
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(64L << 20);
            f.seek(4096);
            f.write(new byte[] {1, 2, 3});
        }
        dev = BlockDevice.open(img, false);
        cache = new BufCache(dev, new TestBufs.Ctx(new byte[16], null));
    }

    @AfterEach
    void tearDown() throws Exception {
        dev.close();
        Files.deleteIfExists(img);
    }

    @Test
    void aBlockReadTwiceIsOneBufferWithTheDiskContents() throws Exception {
        XfsBuf a = cache.read(BB, BB, null);
        assertThat(a.data()[0]).isEqualTo((byte) 1);
        assertThat(cache.read(BB, BB, null)).isSameAs(a);
    }

    @Test
    void getReplacesTheBufferForEveryLaterRead() throws Exception {
        XfsBuf old = cache.read(BB, BB, null);
        XfsBuf fresh = cache.get(BB, BB, null);
        assertThat(fresh).isNotSameAs(old);
        assertThat(fresh.data()[0]).as("get zeroes instead of reading").isZero();
        assertThat(cache.read(BB, BB, null)).isSameAs(fresh);
    }

    @Test
    void anInvalidatedBufferIsNeverHandedOutAgain() throws Exception {
        XfsBuf old = cache.read(BB, BB, null);
        cache.invalidate(old);
        XfsBuf again = cache.read(BB, BB, null);
        assertThat(again).isNotSameAs(old);
        assertThat(again.stale()).isFalse();
        assertThat(again.data()[0]).isEqualTo((byte) 1);
    }

    @Test
    void purgeDropsCleanBuffersButKeepsPinnedOnes() throws Exception {
        XfsBuf plain = cache.read(BB, BB, null);
        XfsBuf pinned = cache.read(2 * BB, BB, null);
        cache.pin(pinned);
        cache.purgeClean();
        assertThat(cache.read(BB, BB, null)).isNotSameAs(plain);
        assertThat(cache.read(2 * BB, BB, null)).isSameAs(pinned);
    }

    @Test
    void blocksSharingAFrontSlotEachGetTheirOwnBuffer() throws Exception {
        long first = BB;
        long other = -1;
        for (long d = first + BB; d < (64L << 20) / 512; d += BB) {
            if (BufCache.frontSlot(d) == BufCache.frontSlot(first)) {
                other = d;
                break;
            }
        }
        assertThat(other).as("some block shares the first one's slot").isPositive();
        XfsBuf a = cache.read(first, BB, null);
        XfsBuf b = cache.read(other, BB, null);
        for (int i = 0; i < 3; i++) {
            assertThat(cache.read(first, BB, null)).isSameAs(a);
            assertThat(cache.read(other, BB, null)).isSameAs(b);
        }
        assertThat(a.daddr()).isEqualTo(first);
        assertThat(b.daddr()).isEqualTo(other);
    }
}
