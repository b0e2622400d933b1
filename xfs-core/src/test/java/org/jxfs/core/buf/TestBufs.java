// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.buf;

import org.jxfs.core.format.Geometry;

/** Test access to buffers: XfsBuf's constructor is package-private. */
public final class TestBufs {
    private TestBufs() {
    }

    /** A buffer at {@code daddr} holding a copy of {@code data} (whose length is a multiple of 512). */
    public static XfsBuf of(long daddr, byte[] data, BufOps ops) {
        XfsBuf bp = new XfsBuf(daddr, data.length >> 9, ops);
        System.arraycopy(data, 0, bp.data(), 0, data.length);
        return bp;
    }

    /** A verifier context with a fixed uuid and geometry. */
    public record Ctx(byte[] metaUuid, Geometry geometry) implements VerifyContext {
    }
}
