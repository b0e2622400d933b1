// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;
import org.junit.jupiter.api.Test;

/** The per-AG free-space cursor cache: what comes back out, when, and what a released cursor may no longer do. */
class AllocCursorCacheTest {
    @Test
    void aReleasedCursorComesBackForTheNextTransactionWithNoPath() throws Exception {
        try (AllocImage img = AllocImage.create("cursor-cache", 32L << 20, 2)) {
            AllocCursor first;
            AllocRec firstRec;
            try (Trans tp = Trans.alloc(img.mp, TransResv.WRITE, 0)) {
                XfsBuf agbp = Alloc.readAgf(tp, img.mp, 1, false);
                first = AllocCursor.bno(tp, img.mp, agbp, 1);
                assertThat(first.lookupGe(0, 1)).isEqualTo(1);
                firstRec = first.mustGetRec();
                assertThat(first.cur.buf(0)).isNotNull();
                AllocCursor.release(first);
                tp.commit();
            }
            try (Trans tp = Trans.alloc(img.mp, TransResv.WRITE, 0)) {
                XfsBuf agbp = Alloc.readAgf(tp, img.mp, 1, false);
                AllocCursor again = AllocCursor.bno(tp, img.mp, agbp, 1);
                assertThat(again).isSameAs(first);
                assertThat(again.cur.trans()).isSameAs(tp);
                assertThat(again.active).isFalse();
                assertThat(again.cur.buf(0)).isNull();
                // A cursor of the other tree, or of another AG, is not this one.
                assertThat(AllocCursor.cnt(tp, img.mp, agbp, 1)).isNotSameAs(first);
                XfsBuf agbp0 = Alloc.readAgf(tp, img.mp, 0, false);
                assertThat(AllocCursor.bno(tp, img.mp, agbp0, 0)).isNotSameAs(first);
                // Reused, it finds what a new cursor finds.
                assertThat(again.lookupGe(0, 1)).isEqualTo(1);
                assertThat(again.mustGetRec()).isEqualTo(firstRec);
                tp.commit();
            }
        }
    }

    @Test
    void aReleasedCursorIsNeitherUsedNorReleasedAgain() throws Exception {
        try (AllocImage img = AllocImage.create("cursor-misuse", 32L << 20, 2)) {
            try (Trans tp = Trans.alloc(img.mp, TransResv.WRITE, 0)) {
                XfsBuf agbp = Alloc.readAgf(tp, img.mp, 0, false);
                AllocCursor c = AllocCursor.cnt(tp, img.mp, agbp, 0);
                AllocCursor.release(c);
                assertThatThrownBy(() -> AllocCursor.release(c)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("released twice");
                assertThatThrownBy(() -> c.lookupEq(0, 1)).isInstanceOf(AssertionError.class)
                        .hasMessageContaining("used after it was released");
                tp.commit();
            }
        }
    }

    @Test
    void theCacheIsOnlyUsedUnderTheAgfLock() throws Exception {
        try (AllocImage img = AllocImage.create("cursor-lock", 32L << 20, 2)) {
            XfsBuf agbp;
            try (Trans tp = Trans.alloc(img.mp, TransResv.WRITE, 0)) {
                agbp = Alloc.readAgf(tp, img.mp, 0, false);
                AllocCursor.release(AllocCursor.bno(tp, img.mp, agbp, 0));
                tp.commit();
            }
            // The AGF went back with the commit: taking from the cache now would race other transactions.
            try (Trans tp = Trans.alloc(img.mp, TransResv.WRITE, 0)) {
                XfsBuf unlocked = agbp;
                assertThatThrownBy(() -> AllocCursor.bno(tp, img.mp, unlocked, 0)).isInstanceOf(AssertionError.class)
                        .hasMessageContaining("without the AGF lock");
            }
        }
    }
}
