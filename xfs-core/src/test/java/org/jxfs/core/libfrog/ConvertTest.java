// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.libfrog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConvertTest {
    @Test
    void cvtnumFollowsStrtollAndTheSuffixes() {
        assertThat(Convert.cvtnum(4096, 512, "0x10")).isEqualTo(16);
        assertThat(Convert.cvtnum(4096, 512, "010")).isEqualTo(8);
        assertThat(Convert.cvtnum(4096, 512, "2b")).isEqualTo(8192);
        assertThat(Convert.cvtnum(4096, 512, "3S")).isEqualTo(1536);
        assertThat(Convert.cvtnum(4096, 512, "1m")).isEqualTo(1 << 20);
        assertThat(Convert.cvtnum(4096, 512, "1x")).isEqualTo(-1);
        assertThat(Convert.cvtnum(4096, 512, "1kk")).isEqualTo(-1);
        assertThat(Convert.cvtnum(4096, 512, "x")).isEqualTo(-1);
        assertThat(Convert.cvtnum(4096, 512, "8e")).isNegative();
        assertThat(Convert.cvtnum(4096, 512, "99999999999999999999")).isEqualTo(Long.MAX_VALUE);
        assertThat(Convert.atoi(" -3x")).isEqualTo(-3);
    }
}
