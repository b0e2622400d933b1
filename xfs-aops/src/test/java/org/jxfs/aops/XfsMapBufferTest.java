// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.aops;

import static org.assertj.core.api.Assertions.assertThat;

import org.jxfs.bmap.BmbtIrec;
import org.jxfs.core.format.Geometry;
import org.jxfs.dax.BufferHead;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** xfs_imap_to_sector, xfs_map_buffer and xfs_map_trim_size for every block size XFS has. */
class XfsMapBufferTest {
    private static final long AGBLOCKS = 1000;

    private static Geometry geometry(int bs) {
        return new Geometry(bs, 512, Math.min(bs, 512), AGBLOCKS, 4, 4 * AGBLOCKS, 0, 0, 1, 0);
    }

    /** A mapping of 8 blocks at file block 10, on disk in AG 2 at agbno 100. */
    private static BmbtIrec imap(Geometry geo) {
        return new BmbtIrec(10, geo.agbToFsb(2, 100), 8, org.jxfs.bmap.ExtState.NORM);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 1024, 2048, 4096, 8192, 16384, 32768, 65536})
    void imapToSectorIsTheMappingsDaddrPlusTheRoundedUpSectorsIntoIt(int bs) {
        Geometry geo = geometry(bs);
        BmbtIrec m = imap(geo);
        long sectorsPerBlock = bs / 512;
        long mappingDaddr = (2 * AGBLOCKS + 100) * sectorsPerBlock;
        long start = 10L * bs;
        assertThat(XfsMapBuffer.imapToSector(geo, m, start)).isEqualTo(mappingDaddr);
        assertThat(XfsMapBuffer.imapToSector(geo, m, start + 1)).isEqualTo(mappingDaddr + 1);
        assertThat(XfsMapBuffer.imapToSector(geo, m, start + 511)).isEqualTo(mappingDaddr + 1);
        assertThat(XfsMapBuffer.imapToSector(geo, m, start + 512)).isEqualTo(mappingDaddr + 1);
        assertThat(XfsMapBuffer.imapToSector(geo, m, start + 513)).isEqualTo(mappingDaddr + 2);
        assertThat(XfsMapBuffer.imapToSector(geo, m, start + bs)).isEqualTo(mappingDaddr + sectorsPerBlock);
        assertThat(XfsMapBuffer.imapToSector(geo, m, start + 3L * bs + bs / 2))
                .isEqualTo(mappingDaddr + 3 * sectorsPerBlock + (bs / 2 + 511) / 512);
        // the last block of the mapping and its last byte
        assertThat(XfsMapBuffer.imapToSector(geo, m, start + 7L * bs)).isEqualTo(mappingDaddr + 7 * sectorsPerBlock);
        assertThat(XfsMapBuffer.imapToSector(geo, m, start + 8L * bs - 1)).isEqualTo(mappingDaddr + 8 * sectorsPerBlock);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 1024, 2048, 4096, 8192, 16384, 32768, 65536})
    void mapBufferGivesTheDeviceBlockOfTheOffset(int bs) {
        Geometry geo = geometry(bs);
        BmbtIrec m = imap(geo);
        long firstDevBlock = 2 * AGBLOCKS + 100;
        for (int i = 0; i < 8; i++) {
            BufferHead bh = new BufferHead(bs);
            XfsMapBuffer.mapBuffer(geo, bh, m, (10L + i) * bs + (i % 2 == 0 ? 0 : bs - 1));
            assertThat(bh.blocknr).isEqualTo(firstDevBlock + i);
            assertThat(bh.state).isEqualTo(BufferHead.MAPPED);
        }
        BufferHead bh = new BufferHead(bs);
        bh.set(BufferHead.UNWRITTEN | BufferHead.DELAY);
        XfsMapBuffer.mapAtOffset(geo, bh, m, 12L * bs);
        assertThat(bh.state).isEqualTo(BufferHead.MAPPED);
        assertThat(bh.blocknr).isEqualTo(firstDevBlock + 2);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096, 65536})
    void trimSizeStopsAtTheMappingAndAtTheBlockHoldingEof(int bs) {
        Geometry geo = geometry(bs);
        BmbtIrec m = imap(geo);
        BufferHead bh = new BufferHead();
        long huge = 1L << 40;
        // from block 12: 6 blocks left in the mapping, asked for less, or more
        XfsMapBuffer.mapTrimSize(geo, huge, 12, bh, m, 12L * bs, 2L * bs);
        assertThat(bh.size).isEqualTo(2L * bs);
        XfsMapBuffer.mapTrimSize(geo, huge, 12, bh, m, 12L * bs, 100L * bs);
        assertThat(bh.size).isEqualTo(6L * bs);
        // EOF inside block 14: the mapping stops at the end of that block
        long isize = 14L * bs + 1;
        XfsMapBuffer.mapTrimSize(geo, isize, 12, bh, m, 12L * bs, 100L * bs);
        assertThat(bh.size).isEqualTo(3L * bs);
        // starting past EOF: no EOF limit
        XfsMapBuffer.mapTrimSize(geo, 11L * bs, 12, bh, m, 12L * bs, 100L * bs);
        assertThat(bh.size).isEqualTo(6L * bs);
    }
}
