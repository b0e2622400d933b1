// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StrtoulTest {
    @Test
    void baseZeroTakesHexOctalAndDecimal() {
        assertThat(Strtoul.parse("0x1234").uint()).isEqualTo(0x1234);
        assertThat(Strtoul.parse("017").uint()).isEqualTo(15);
        assertThat(Strtoul.parse("42").uint()).isEqualTo(42);
        assertThat(Strtoul.parse("0xcdcdcdcd").uint()).isEqualTo(0xcdcdcdcd);
    }

    @Test
    void trailingCharactersAreLeftAndNothingConvertedEndsAtZero() {
        assertThat(Strtoul.parse("12abc")).isEqualTo(new Strtoul(12, 2));
        assertThat(Strtoul.parse("0x")).isEqualTo(new Strtoul(0, 1));      // "0", the x left over
        assertThat(Strtoul.parse("zz").end()).isZero();
        assertThat(Strtoul.parse("").end()).isZero();
        assertThat(Strtoul.parse(" -").end()).isZero();
    }

    @Test
    void signAndOverflowAsGlibc() {
        assertThat(Strtoul.parse("-1").value()).isEqualTo(-1L);            // ULONG_MAX
        assertThat(Strtoul.parse(" +7").value()).isEqualTo(7);
        assertThat(Strtoul.parse("99999999999999999999999").value()).isEqualTo(-1L);
        assertThat(Strtoul.parse("0x1ffffffff").uint()).isEqualTo(-1);     // the low 32 bits
    }
}
