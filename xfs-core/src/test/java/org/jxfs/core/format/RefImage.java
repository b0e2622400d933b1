// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import org.jxfs.core.buf.TestBufs;

/** The reference image of format-notes.md (64 MiB, 4 AGs x 4096 blocks, crc + ftype), header by header. */
final class RefImage {
    static final byte[] UUID = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    static final int SECT = 512;

    private RefImage() {
    }

    static byte[] sb() {
        byte[] b = new byte[SECT];
        Sb sb = new Sb(b);
        sb.setMagicnum(Sb.MAGIC);
        sb.setBlocksize(4096);
        sb.setDblocks(16384);
        sb.setUuid(UUID);
        sb.setLogstart(8196);
        sb.setRootino(64);
        sb.setRbmino(65);
        sb.setRsumino(66);
        sb.setRextsize(1);
        sb.setAgblocks(4096);
        sb.setAgcount(4);
        sb.setLogblocks(857);
        sb.setVersionnum(0xb4a5);
        sb.setSectsize(512);
        sb.setInodesize(512);
        sb.setInopblock(8);
        sb.setBlocklog(12);
        sb.setSectlog(9);
        sb.setInodelog(9);
        sb.setInopblog(3);
        sb.setAgblklog(12);
        sb.setImaxPct(25);
        sb.setIcount(64);
        sb.setIfree(61);
        sb.setFdblocks(15503);
        sb.setInoalignmt(4);
        sb.setLogsunit(1);
        sb.setFeatures2(0x18a);
        sb.setBadFeatures2(0x18a);
        sb.setFeaturesIncompat(Features.INCOMPAT_FTYPE);
        sb.updateCrc(SECT);
        return b;
    }

    static Geometry geometry() {
        return new Sb(sb()).toGeometry();
    }

    static TestBufs.Ctx ctx() {
        return new TestBufs.Ctx(UUID, geometry());
    }

    /** AGF of AG 1: free [8, 4088], AGFL blocks 4-7 in slots 1..4. */
    static byte[] agf(int agno) {
        byte[] b = new byte[SECT];
        Agf agf = new Agf(b);
        agf.setMagicnum(Agf.MAGIC);
        agf.setVersionnum(Agf.VERSION);
        agf.setSeqno(agno);
        agf.setLength(4096);
        agf.setRoots(Agf.BTNUM_BNO, 1);
        agf.setRoots(Agf.BTNUM_CNT, 2);
        agf.setLevels(Agf.BTNUM_BNO, 1);
        agf.setLevels(Agf.BTNUM_CNT, 1);
        agf.setFlfirst(1);
        agf.setFllast(4);
        agf.setFlcount(4);
        agf.setFreeblks(4088);
        agf.setLongest(4088);
        agf.setUuid(UUID);
        agf.updateCrc(SECT);
        return b;
    }

    static byte[] agi(int agno) {
        byte[] b = new byte[SECT];
        Agi agi = new Agi(b);
        agi.setMagicnum(Agi.MAGIC);
        agi.setVersionnum(Agi.VERSION);
        agi.setSeqno(agno);
        agi.setLength(4096);
        agi.setCount(agno == 0 ? 64 : 0);
        agi.setRoot(3);
        agi.setLevel(1);
        agi.setFreecount(agno == 0 ? 61 : 0);
        agi.setNewino(agno == 0 ? 64 : Geometry.NULLAGINO);
        agi.setDirino(Geometry.NULLAGINO);
        agi.clearUnlinked();
        agi.setUuid(UUID);
        agi.updateCrc(SECT);
        return b;
    }

    static byte[] agfl(int agno) {
        byte[] b = new byte[SECT];
        Agfl agfl = new Agfl(b);
        agfl.setMagicnum(Agfl.MAGIC);
        agfl.setSeqno(agno);
        agfl.setUuid(UUID);
        agfl.clear(SECT);
        for (int i = 0; i < 4; i++) {
            agfl.setBno(i + 1, 4 + i);
        }
        agfl.updateCrc(SECT);
        return b;
    }

    /** daddr of AG header sector {@code sector} of AG {@code agno}. */
    static long headerDaddr(int agno, int sector) {
        return geometry().agHeaderDaddr(agno, sector);
    }
}
