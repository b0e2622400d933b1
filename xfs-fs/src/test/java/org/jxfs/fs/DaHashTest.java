// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** xfs_da_hashname against values printed by xfsprogs 6.1's {@code xfs_db -c 'hash NAME'}. */
class DaHashTest {
    static long h(String s) {
        return DaHash.hashname(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void matchesXfsDb() {
        assertThat(h("a")).isEqualTo(0x61L);
        assertThat(h("ab")).isEqualTo(0x30e2L);
        assertThat(h("abc")).isEqualTo(0x187163L);
        assertThat(h("abcd")).isEqualTo(0xc38b1e4L);
        assertThat(h("abcde")).isEqualTo(0x1c58f263L);
        assertThat(h("file-00001")).isEqualTo(0x6fd58d69L);
        assertThat(h("y".repeat(255))).isEqualTo(0xf2000000L);
        assertThat(h("\u00e9")).as("bytes are unsigned").isEqualTo(0x6129L);
    }
}
