// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jxfs.core.format.BufLogFormat;
import org.jxfs.core.format.IcreateLogFormat;
import org.jxfs.core.format.InodeLogFormat;
import org.junit.jupiter.api.Test;

class CilTest {
    private static long blkno(LogVector v) {
        return BufLogFormat.blkno(v.regions()[0]);
    }

    @Test
    void aRelogReplacesTheItemsEarlierCopyAndMovesItToTheEnd() {
        Cil cil = new Cil();
        LogVector agf1 = CilSpaceTest.buf(16, 1);
        LogVector agi = CilSpaceTest.buf(24, 1);
        LogVector agf2 = CilSpaceTest.buf(16, 4);
        assertThat(cil.insert(List.of(agf1, agi))).isEqualTo(1);
        assertThat(cil.insert(List.of(agf2, CilSpaceTest.inode(128)))).isEqualTo(1);
        Cil.Context ctx = cil.take();
        assertThat(ctx.seq()).isEqualTo(1);
        assertThat(ctx.items()).hasSize(3);
        assertThat(ctx.items().get(0)).isSameAs(agi);
        assertThat(ctx.items().get(1)).isSameAs(agf2);
        assertThat(InodeLogFormat.ino(ctx.items().get(2).regions()[0])).isEqualTo(128);
        assertThat(cil.transactions()).isEqualTo(2);
    }

    @Test
    void itemsThatAreNeverRelloggedAreEachKept() {
        Cil cil = new Cil();
        byte[] icreate = IcreateLogFormat.encode(0, 64, 64, 512, 8, 0);
        cil.insert(List.of(LogVector.of(new byte[][] {icreate}, null)));
        cil.insert(List.of(LogVector.of(new byte[][] {icreate.clone()}, null)));
        assertThat(cil.take().items()).hasSize(2);
    }

    @Test
    void takingTheContextStartsTheNextSequenceAndAnEmptyOneIsNotTaken() {
        Cil cil = new Cil();
        assertThat(cil.take()).isNull();
        cil.insert(List.of(CilSpaceTest.buf(8, 1)));
        assertThat(cil.take().seq()).isEqualTo(1);
        assertThat(cil.take()).isNull();
        assertThat(cil.insert(List.of(CilSpaceTest.buf(8, 1)))).isEqualTo(2);
        Cil.Context ctx = cil.take();
        assertThat(ctx.seq()).isEqualTo(2);
        List<Long> stamped = new ArrayList<>();
        new Cil.Context(List.of(LogVector.of(ctx.items().get(0).regions(), stamped::add)), 2).stamp(7L << 32 | 40);
        assertThat(stamped).containsExactly(7L << 32 | 40);
        assertThat(blkno(ctx.items().get(0))).isEqualTo(8);
    }

    @Test
    void anItemRelloggedByAnotherThreadKeepsOnlyTheLaterCopy() throws Exception {
        Cil cil = new Cil();
        LogVector first = CilSpaceTest.buf(16, 1);
        LogVector later = CilSpaceTest.buf(16, 4);
        // threads whose ids pick different stripes
        Thread a = new Thread(() -> cil.insert(List.of(first, CilSpaceTest.inode(128))));
        Thread b;
        do {
            b = new Thread(() -> cil.insert(List.of(later)));
        } while ((b.getId() & (Cil.STRIPES - 1)) == (a.getId() & (Cil.STRIPES - 1)));
        a.start();
        a.join();
        b.start();
        b.join();
        Cil.Context ctx = cil.take();
        assertThat(ctx.items()).hasSize(2);
        assertThat(InodeLogFormat.ino(ctx.items().get(0).regions()[0])).isEqualTo(128);
        assertThat(ctx.items().get(1)).isSameAs(later);
        assertThat(cil.transactions()).isEqualTo(2);
        assertThat(cil.isEmpty()).isTrue();
    }
}
