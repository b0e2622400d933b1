// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The one place where on-disk big-endian fields are read and written (be16_to_cpu and friends). Unsigned 32-bit
 * fields are read into {@code long}; unsigned 16- and 8-bit fields into {@code int}.
 */
public final class BigEndian {
    private static final VarHandle BE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private BigEndian() {
    }

    public static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    public static void putU8(byte[] b, int off, int v) {
        b[off] = (byte) v;
    }

    public static int u16(byte[] b, int off) {
        return ((short) BE16.get(b, off)) & 0xffff;
    }

    public static void putU16(byte[] b, int off, int v) {
        BE16.set(b, off, (short) v);
    }

    public static long u32(byte[] b, int off) {
        return ((int) BE32.get(b, off)) & 0xffffffffL;
    }

    public static int s32(byte[] b, int off) {
        return (int) BE32.get(b, off);
    }

    public static void putU32(byte[] b, int off, long v) {
        BE32.set(b, off, (int) v);
    }

    public static long u64(byte[] b, int off) {
        return (long) BE64.get(b, off);
    }

    public static void putU64(byte[] b, int off, long v) {
        BE64.set(b, off, v);
    }

    /** Little-endian accessors: only CRC fields and log item formats are stored in host (LE) order. */
    public static long le32(byte[] b, int off) {
        return ((int) LE32.get(b, off)) & 0xffffffffL;
    }

    public static void putLe32(byte[] b, int off, long v) {
        LE32.set(b, off, (int) v);
    }

    public static int le16(byte[] b, int off) {
        return ((short) LE16.get(b, off)) & 0xffff;
    }

    public static void putLe16(byte[] b, int off, int v) {
        LE16.set(b, off, (short) v);
    }

    public static long le64(byte[] b, int off) {
        return (long) LE64.get(b, off);
    }

    public static void putLe64(byte[] b, int off, long v) {
        LE64.set(b, off, v);
    }
}
