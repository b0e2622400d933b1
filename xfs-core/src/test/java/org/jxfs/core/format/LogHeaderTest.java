// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LogHeaderTest {
    @Test
    void cleanLogMatchesLibxfsLogClear() {
        byte[] b = new byte[1024];
        Arrays.fill(b, (byte) 0x5a);
        LogRecHeader.writeCleanLog(b, RefImage.UUID, 1);
        assertThat(BigEndian.u32(b, 0)).isEqualTo(0xfeedbabeL);
        assertThat(BigEndian.u32(b, 4)).isEqualTo(1);
        assertThat(BigEndian.u32(b, 8)).isEqualTo(2);
        assertThat(BigEndian.u32(b, 12)).isEqualTo(512);
        assertThat(BigEndian.u64(b, 16)).isEqualTo(1L << 32);
        assertThat(BigEndian.u64(b, 24)).isEqualTo(1L << 32);
        assertThat(BigEndian.u32(b, 32)).isZero();
        assertThat(BigEndian.u32(b, 36)).isEqualTo(0xffffffffL);
        assertThat(BigEndian.u32(b, 40)).isEqualTo(1);
        assertThat(BigEndian.u32(b, 44)).isEqualTo(0xb0c0d0d0L);
        assertThat(BigEndian.u32(b, 48)).isZero();
        assertThat(BigEndian.u32(b, 300)).isEqualTo(1);
        assertThat(Arrays.copyOfRange(b, 304, 320)).isEqualTo(RefImage.UUID);
        assertThat(BigEndian.u32(b, 320)).isEqualTo(32768);
        assertThat(b[324]).isZero();
        // sector 1: the unmount record
        assertThat(BigEndian.u32(b, 512)).isEqualTo(1);
        assertThat(BigEndian.u32(b, 516)).isEqualTo(8);
        assertThat(b[520]).isEqualTo((byte) 0xaa);
        assertThat(b[521]).isEqualTo((byte) 0x20);
        assertThat(Arrays.copyOfRange(b, 522, 532)).isEqualTo(new byte[] {0, 0, 0x6e, 0x55, 0, 0, 0, 0, 0, 0});
        assertThat(b[1023]).isZero();
        assertThat(LogRecHeader.isUnmountRecord(b, 0)).isTrue();
    }

    @Test
    void notAnUnmountRecord() {
        byte[] b = new byte[1024];
        assertThat(LogRecHeader.isUnmountRecord(b, 0)).isFalse();
        LogRecHeader.writeCleanLog(b, RefImage.UUID, 3);
        assertThat(LogRecHeader.isUnmountRecord(b, 0)).isTrue();
        assertThat(new LogRecHeader(b, 0).lsn()).isEqualTo(3L << 32);
        b[521] = LogOpHeader.COMMIT_TRANS;
        assertThat(LogRecHeader.isUnmountRecord(b, 0)).isFalse();
        b[521] = LogOpHeader.UNMOUNT_TRANS;
        new LogOpHeader(b, 512).setTid(2);
        assertThat(LogRecHeader.isUnmountRecord(b, 0)).as("stale cycle stamp").isFalse();
    }

    @Test
    void roundTrip() {
        byte[] b = new byte[512];
        LogRecHeader h = new LogRecHeader(b, 0);
        h.setCycleData(63, 0x11223344L);
        assertThat(BigEndian.u32(b, 44 + 252)).isEqualTo(0x11223344L);
        h.setCrc(0xdeadbeefL);
        assertThat(b[32]).isEqualTo((byte) 0xef);
        assertThat(h.crc()).isEqualTo(0xdeadbeefL);
        LogOpHeader op = new LogOpHeader(b, 100);
        op.setLen(0x01020304);
        assertThat(BigEndian.u32(b, 104)).isEqualTo(0x01020304);
        op.setClientid(LogOpHeader.TRANSACTION);
        assertThat(b[108]).isEqualTo((byte) 0x69);
    }
}
