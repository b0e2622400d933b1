// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Pins every offset constant and struct size to xfs-ondisk-offsets.txt (printed with offsetof() from the xfsprogs
 * headers), as xfs_ondisk.h does with BUILD_BUG_ON.
 */
class LayoutTest {
    /** Structs of the file that this package does not implement yet (records and keys live with their btrees). */
    private static final Set<String> NOT_HERE = Set.of("xfs_alloc_rec", "xfs_inobt_rec", "xfs_bmdr_block",
            "xfs_bmbt_key", "xlog_rec_ext_header");

    private static final Pattern SIZEOF = Pattern.compile("sizeof\\(struct (\\S+)\\)=(\\d+)");
    private static final Pattern FIELD = Pattern.compile("(\\S+)\\s+(\\S+)\\s+off=\\s*(\\d+) \\(0x[0-9a-f]+\\) size=(\\d+)");

    private final Map<String, Integer> offsets = new LinkedHashMap<>();
    private final Map<String, Integer> sizes = new LinkedHashMap<>();

    private void m(String struct, String field, int off) {
        offsets.put(struct + "." + field, off);
    }

    LayoutTest() {
        sizes.put("xfs_dsb", Sb.SIZE);
        m("xfs_dsb", "sb_magicnum", Sb.OFF_MAGICNUM);
        m("xfs_dsb", "sb_blocksize", Sb.OFF_BLOCKSIZE);
        m("xfs_dsb", "sb_dblocks", Sb.OFF_DBLOCKS);
        m("xfs_dsb", "sb_rblocks", Sb.OFF_RBLOCKS);
        m("xfs_dsb", "sb_rextents", Sb.OFF_REXTENTS);
        m("xfs_dsb", "sb_uuid", Sb.OFF_UUID);
        m("xfs_dsb", "sb_logstart", Sb.OFF_LOGSTART);
        m("xfs_dsb", "sb_rootino", Sb.OFF_ROOTINO);
        m("xfs_dsb", "sb_rbmino", Sb.OFF_RBMINO);
        m("xfs_dsb", "sb_rsumino", Sb.OFF_RSUMINO);
        m("xfs_dsb", "sb_rextsize", Sb.OFF_REXTSIZE);
        m("xfs_dsb", "sb_agblocks", Sb.OFF_AGBLOCKS);
        m("xfs_dsb", "sb_agcount", Sb.OFF_AGCOUNT);
        m("xfs_dsb", "sb_rbmblocks", Sb.OFF_RBMBLOCKS);
        m("xfs_dsb", "sb_logblocks", Sb.OFF_LOGBLOCKS);
        m("xfs_dsb", "sb_versionnum", Sb.OFF_VERSIONNUM);
        m("xfs_dsb", "sb_sectsize", Sb.OFF_SECTSIZE);
        m("xfs_dsb", "sb_inodesize", Sb.OFF_INODESIZE);
        m("xfs_dsb", "sb_inopblock", Sb.OFF_INOPBLOCK);
        m("xfs_dsb", "sb_fname", Sb.OFF_FNAME);
        m("xfs_dsb", "sb_blocklog", Sb.OFF_BLOCKLOG);
        m("xfs_dsb", "sb_sectlog", Sb.OFF_SECTLOG);
        m("xfs_dsb", "sb_inodelog", Sb.OFF_INODELOG);
        m("xfs_dsb", "sb_inopblog", Sb.OFF_INOPBLOG);
        m("xfs_dsb", "sb_agblklog", Sb.OFF_AGBLKLOG);
        m("xfs_dsb", "sb_rextslog", Sb.OFF_REXTSLOG);
        m("xfs_dsb", "sb_inprogress", Sb.OFF_INPROGRESS);
        m("xfs_dsb", "sb_imax_pct", Sb.OFF_IMAX_PCT);
        m("xfs_dsb", "sb_icount", Sb.OFF_ICOUNT);
        m("xfs_dsb", "sb_ifree", Sb.OFF_IFREE);
        m("xfs_dsb", "sb_fdblocks", Sb.OFF_FDBLOCKS);
        m("xfs_dsb", "sb_frextents", Sb.OFF_FREXTENTS);
        m("xfs_dsb", "sb_uquotino", Sb.OFF_UQUOTINO);
        m("xfs_dsb", "sb_gquotino", Sb.OFF_GQUOTINO);
        m("xfs_dsb", "sb_qflags", Sb.OFF_QFLAGS);
        m("xfs_dsb", "sb_flags", Sb.OFF_FLAGS);
        m("xfs_dsb", "sb_shared_vn", Sb.OFF_SHARED_VN);
        m("xfs_dsb", "sb_inoalignmt", Sb.OFF_INOALIGNMT);
        m("xfs_dsb", "sb_unit", Sb.OFF_UNIT);
        m("xfs_dsb", "sb_width", Sb.OFF_WIDTH);
        m("xfs_dsb", "sb_dirblklog", Sb.OFF_DIRBLKLOG);
        m("xfs_dsb", "sb_logsectlog", Sb.OFF_LOGSECTLOG);
        m("xfs_dsb", "sb_logsectsize", Sb.OFF_LOGSECTSIZE);
        m("xfs_dsb", "sb_logsunit", Sb.OFF_LOGSUNIT);
        m("xfs_dsb", "sb_features2", Sb.OFF_FEATURES2);
        m("xfs_dsb", "sb_bad_features2", Sb.OFF_BAD_FEATURES2);
        m("xfs_dsb", "sb_features_compat", Sb.OFF_FEATURES_COMPAT);
        m("xfs_dsb", "sb_features_ro_compat", Sb.OFF_FEATURES_RO_COMPAT);
        m("xfs_dsb", "sb_features_incompat", Sb.OFF_FEATURES_INCOMPAT);
        m("xfs_dsb", "sb_features_log_incompat", Sb.OFF_FEATURES_LOG_INCOMPAT);
        m("xfs_dsb", "sb_crc", Sb.OFF_CRC);
        m("xfs_dsb", "sb_spino_align", Sb.OFF_SPINO_ALIGN);
        m("xfs_dsb", "sb_pquotino", Sb.OFF_PQUOTINO);
        m("xfs_dsb", "sb_lsn", Sb.OFF_LSN);
        m("xfs_dsb", "sb_meta_uuid", Sb.OFF_META_UUID);

        sizes.put("xfs_agf", Agf.SIZE);
        m("xfs_agf", "agf_magicnum", Agf.OFF_MAGICNUM);
        m("xfs_agf", "agf_versionnum", Agf.OFF_VERSIONNUM);
        m("xfs_agf", "agf_seqno", Agf.OFF_SEQNO);
        m("xfs_agf", "agf_length", Agf.OFF_LENGTH);
        m("xfs_agf", "agf_roots", Agf.OFF_ROOTS);
        m("xfs_agf", "agf_levels", Agf.OFF_LEVELS);
        m("xfs_agf", "agf_flfirst", Agf.OFF_FLFIRST);
        m("xfs_agf", "agf_fllast", Agf.OFF_FLLAST);
        m("xfs_agf", "agf_flcount", Agf.OFF_FLCOUNT);
        m("xfs_agf", "agf_freeblks", Agf.OFF_FREEBLKS);
        m("xfs_agf", "agf_longest", Agf.OFF_LONGEST);
        m("xfs_agf", "agf_btreeblks", Agf.OFF_BTREEBLKS);
        m("xfs_agf", "agf_uuid", Agf.OFF_UUID);
        m("xfs_agf", "agf_rmap_blocks", Agf.OFF_RMAP_BLOCKS);
        m("xfs_agf", "agf_refcount_blocks", Agf.OFF_REFCOUNT_BLOCKS);
        m("xfs_agf", "agf_refcount_root", Agf.OFF_REFCOUNT_ROOT);
        m("xfs_agf", "agf_refcount_level", Agf.OFF_REFCOUNT_LEVEL);
        m("xfs_agf", "agf_spare64", Agf.OFF_SPARE64);
        m("xfs_agf", "agf_lsn", Agf.OFF_LSN);
        m("xfs_agf", "agf_crc", Agf.OFF_CRC);
        m("xfs_agf", "agf_spare2", Agf.OFF_SPARE2);

        sizes.put("xfs_agi", Agi.SIZE);
        m("xfs_agi", "agi_magicnum", Agi.OFF_MAGICNUM);
        m("xfs_agi", "agi_versionnum", Agi.OFF_VERSIONNUM);
        m("xfs_agi", "agi_seqno", Agi.OFF_SEQNO);
        m("xfs_agi", "agi_length", Agi.OFF_LENGTH);
        m("xfs_agi", "agi_count", Agi.OFF_COUNT);
        m("xfs_agi", "agi_root", Agi.OFF_ROOT);
        m("xfs_agi", "agi_level", Agi.OFF_LEVEL);
        m("xfs_agi", "agi_freecount", Agi.OFF_FREECOUNT);
        m("xfs_agi", "agi_newino", Agi.OFF_NEWINO);
        m("xfs_agi", "agi_dirino", Agi.OFF_DIRINO);
        m("xfs_agi", "agi_unlinked", Agi.OFF_UNLINKED);
        m("xfs_agi", "agi_uuid", Agi.OFF_UUID);
        m("xfs_agi", "agi_crc", Agi.OFF_CRC);
        m("xfs_agi", "agi_pad32", Agi.OFF_PAD32);
        m("xfs_agi", "agi_lsn", Agi.OFF_LSN);
        m("xfs_agi", "agi_free_root", Agi.OFF_FREE_ROOT);
        m("xfs_agi", "agi_free_level", Agi.OFF_FREE_LEVEL);
        m("xfs_agi", "agi_iblocks", Agi.OFF_IBLOCKS);
        m("xfs_agi", "agi_fblocks", Agi.OFF_FBLOCKS);

        sizes.put("xfs_agfl", Agfl.SIZE);
        m("xfs_agfl", "agfl_magicnum", Agfl.OFF_MAGICNUM);
        m("xfs_agfl", "agfl_seqno", Agfl.OFF_SEQNO);
        m("xfs_agfl", "agfl_uuid", Agfl.OFF_UUID);
        m("xfs_agfl", "agfl_lsn", Agfl.OFF_LSN);
        m("xfs_agfl", "agfl_crc", Agfl.OFF_CRC);

        // The shdr/lhdr structs start after the 8-byte common part (magic, level, numrecs).
        int c = BtreeBlock.OFF_S_LEFTSIB;
        sizes.put("xfs_btree_block_shdr", BtreeBlock.SHORT_HDR_LEN - c);
        m("xfs_btree_block_shdr", "bb_leftsib", BtreeBlock.OFF_S_LEFTSIB - c);
        m("xfs_btree_block_shdr", "bb_rightsib", BtreeBlock.OFF_S_RIGHTSIB - c);
        m("xfs_btree_block_shdr", "bb_blkno", BtreeBlock.OFF_S_BLKNO - c);
        m("xfs_btree_block_shdr", "bb_lsn", BtreeBlock.OFF_S_LSN - c);
        m("xfs_btree_block_shdr", "bb_uuid", BtreeBlock.OFF_S_UUID - c);
        m("xfs_btree_block_shdr", "bb_owner", BtreeBlock.OFF_S_OWNER - c);
        m("xfs_btree_block_shdr", "bb_crc", BtreeBlock.OFF_S_CRC - c);
        sizes.put("xfs_btree_block_lhdr", BtreeBlock.LONG_HDR_LEN - c);
        m("xfs_btree_block_lhdr", "bb_leftsib", BtreeBlock.OFF_L_LEFTSIB - c);
        m("xfs_btree_block_lhdr", "bb_rightsib", BtreeBlock.OFF_L_RIGHTSIB - c);
        m("xfs_btree_block_lhdr", "bb_blkno", BtreeBlock.OFF_L_BLKNO - c);
        m("xfs_btree_block_lhdr", "bb_lsn", BtreeBlock.OFF_L_LSN - c);
        m("xfs_btree_block_lhdr", "bb_uuid", BtreeBlock.OFF_L_UUID - c);
        m("xfs_btree_block_lhdr", "bb_owner", BtreeBlock.OFF_L_OWNER - c);
        m("xfs_btree_block_lhdr", "bb_crc", BtreeBlock.OFF_L_CRC - c);
        m("xfs_btree_block_lhdr", "bb_pad", BtreeBlock.OFF_L_PAD - c);

        sizes.put("xfs_dinode", Dinode.CORE_SIZE);
        m("xfs_dinode", "di_magic", Dinode.OFF_MAGIC);
        m("xfs_dinode", "di_mode", Dinode.OFF_MODE);
        m("xfs_dinode", "di_version", Dinode.OFF_VERSION);
        m("xfs_dinode", "di_format", Dinode.OFF_FORMAT);
        m("xfs_dinode", "di_onlink", Dinode.OFF_ONLINK);
        m("xfs_dinode", "di_uid", Dinode.OFF_UID);
        m("xfs_dinode", "di_gid", Dinode.OFF_GID);
        m("xfs_dinode", "di_nlink", Dinode.OFF_NLINK);
        m("xfs_dinode", "di_projid_lo", Dinode.OFF_PROJID_LO);
        m("xfs_dinode", "di_projid_hi", Dinode.OFF_PROJID_HI);
        m("xfs_dinode", "di_big_nextents", Dinode.OFF_BIG_NEXTENTS);
        m("xfs_dinode", "di_v3_pad", Dinode.OFF_V3_PAD);
        m("xfs_dinode", "di_flushiter", Dinode.OFF_FLUSHITER);
        m("xfs_dinode", "di_atime", Dinode.OFF_ATIME);
        m("xfs_dinode", "di_mtime", Dinode.OFF_MTIME);
        m("xfs_dinode", "di_ctime", Dinode.OFF_CTIME);
        m("xfs_dinode", "di_size", Dinode.OFF_SIZE);
        m("xfs_dinode", "di_nblocks", Dinode.OFF_NBLOCKS);
        m("xfs_dinode", "di_extsize", Dinode.OFF_EXTSIZE);
        m("xfs_dinode", "di_nextents", Dinode.OFF_NEXTENTS);
        m("xfs_dinode", "di_anextents", Dinode.OFF_ANEXTENTS);
        m("xfs_dinode", "di_big_anextents", Dinode.OFF_BIG_ANEXTENTS);
        m("xfs_dinode", "di_nrext64_pad", Dinode.OFF_NREXT64_PAD);
        m("xfs_dinode", "di_forkoff", Dinode.OFF_FORKOFF);
        m("xfs_dinode", "di_aformat", Dinode.OFF_AFORMAT);
        m("xfs_dinode", "di_dmevmask", Dinode.OFF_DMEVMASK);
        m("xfs_dinode", "di_dmstate", Dinode.OFF_DMSTATE);
        m("xfs_dinode", "di_flags", Dinode.OFF_FLAGS);
        m("xfs_dinode", "di_gen", Dinode.OFF_GEN);
        m("xfs_dinode", "di_next_unlinked", Dinode.OFF_NEXT_UNLINKED);
        m("xfs_dinode", "di_crc", Dinode.OFF_CRC);
        m("xfs_dinode", "di_changecount", Dinode.OFF_CHANGECOUNT);
        m("xfs_dinode", "di_lsn", Dinode.OFF_LSN);
        m("xfs_dinode", "di_flags2", Dinode.OFF_FLAGS2);
        m("xfs_dinode", "di_cowextsize", Dinode.OFF_COWEXTSIZE);
        m("xfs_dinode", "di_pad2", Dinode.OFF_PAD2);
        m("xfs_dinode", "di_crtime", Dinode.OFF_CRTIME);
        m("xfs_dinode", "di_ino", Dinode.OFF_INO);
        m("xfs_dinode", "di_uuid", Dinode.OFF_UUID);

        sizes.put("xlog_rec_header", LogRecHeader.SIZE);
        m("xlog_rec_header", "h_magicno", LogRecHeader.OFF_MAGICNO);
        m("xlog_rec_header", "h_cycle", LogRecHeader.OFF_CYCLE);
        m("xlog_rec_header", "h_version", LogRecHeader.OFF_VERSION);
        m("xlog_rec_header", "h_len", LogRecHeader.OFF_LEN);
        m("xlog_rec_header", "h_lsn", LogRecHeader.OFF_LSN);
        m("xlog_rec_header", "h_tail_lsn", LogRecHeader.OFF_TAIL_LSN);
        m("xlog_rec_header", "h_crc", LogRecHeader.OFF_CRC);
        m("xlog_rec_header", "h_prev_block", LogRecHeader.OFF_PREV_BLOCK);
        m("xlog_rec_header", "h_num_logops", LogRecHeader.OFF_NUM_LOGOPS);
        m("xlog_rec_header", "h_cycle_data", LogRecHeader.OFF_CYCLE_DATA);
        m("xlog_rec_header", "h_fmt", LogRecHeader.OFF_FMT);
        m("xlog_rec_header", "h_fs_uuid", LogRecHeader.OFF_FS_UUID);
        m("xlog_rec_header", "h_size", LogRecHeader.OFF_SIZE);

        sizes.put("xlog_op_header", LogOpHeader.SIZE);
        m("xlog_op_header", "oh_tid", LogOpHeader.OFF_TID);
        m("xlog_op_header", "oh_len", LogOpHeader.OFF_LEN);
        m("xlog_op_header", "oh_clientid", LogOpHeader.OFF_CLIENTID);
        m("xlog_op_header", "oh_flags", LogOpHeader.OFF_FLAGS);
        m("xlog_op_header", "oh_res2", LogOpHeader.OFF_RES2);

        sizes.put("xfs_dir2_sf_hdr", Dir2Sf.HDR_SIZE_I8);
        m("xfs_dir2_sf_hdr", "count", Dir2Sf.OFF_COUNT);
        m("xfs_dir2_sf_hdr", "i8count", Dir2Sf.OFF_I8COUNT);
        m("xfs_dir2_sf_hdr", "parent", Dir2Sf.OFF_PARENT);
        sizes.put("xfs_dir2_sf_entry", Dir2Sf.ENTRY_FIXED);
        m("xfs_dir2_sf_entry", "namelen", Dir2Sf.OFF_ENT_NAMELEN);
        m("xfs_dir2_sf_entry", "offset", Dir2Sf.OFF_ENT_OFFSET);
    }

    private static List<String> lines() throws IOException {
        try (var in = LayoutTest.class.getResourceAsStream("/xfs-ondisk-offsets.txt")) {
            assertThat(in).as("xfs-ondisk-offsets.txt on the test classpath").isNotNull();
            List<String> out = new ArrayList<>();
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().forEach(out::add);
            return out;
        }
    }

    @Test
    void everyFieldOffsetMatchesTheHeaders() throws IOException {
        int checked = 0;
        List<String> uncovered = new ArrayList<>();
        for (String line : lines()) {
            Matcher f = FIELD.matcher(line.trim());
            if (!f.matches()) {
                continue;
            }
            String struct = f.group(1);
            if (NOT_HERE.contains(struct)) {
                continue;
            }
            String key = struct + "." + f.group(2);
            Integer mine = offsets.get(key);
            if (mine == null) {
                uncovered.add(key);
                continue;
            }
            assertThat(mine).as(key).isEqualTo(Integer.parseInt(f.group(3)));
            checked++;
        }
        assertThat(uncovered).as("fields of the header file with no constant").isEmpty();
        assertThat(checked).isEqualTo(offsets.size());
    }

    @Test
    void everyStructSizeMatchesTheHeaders() throws IOException {
        int checked = 0;
        for (String line : lines()) {
            Matcher s = SIZEOF.matcher(line.trim());
            if (!s.matches() || NOT_HERE.contains(s.group(1))) {
                continue;
            }
            assertThat(sizes).as("size constant for " + s.group(1)).containsKey(s.group(1));
            assertThat(sizes.get(s.group(1))).as("sizeof " + s.group(1)).isEqualTo(Integer.parseInt(s.group(2)));
            checked++;
        }
        assertThat(checked).isEqualTo(sizes.size());
    }

    @Test
    void everyLineOfTheFileIsUnderstood() throws IOException {
        for (String line : lines()) {
            if (line.isBlank()) {
                continue;
            }
            assertThat(SIZEOF.matcher(line.trim()).matches() || FIELD.matcher(line.trim()).matches())
                    .as(line).isTrue();
        }
    }

    @Test
    void derivedSizes() {
        assertThat(Agfl.size(512)).isEqualTo(119);
        assertThat(Agi.OFF_UNLINKED + 4 * Agi.UNLINKED_BUCKETS).isEqualTo(Agi.OFF_UUID);
        assertThat(Agf.OFF_LEVELS - Agf.OFF_ROOTS).isEqualTo(4 * Agf.BTNUM_AGF);
        assertThat(LogRecHeader.OFF_FMT - LogRecHeader.OFF_CYCLE_DATA).isEqualTo(4 * LogRecHeader.CYCLE_DATA_WORDS);
    }
}
