// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mkfs;

/**
 * Ports the parts of libxfs/xfs_trans_resv.c and xfs_log_rlimit.c that decide the kernel's minimum log size
 * (xfs_log_calc_minimum_size), for v5 filesystems without realtime or rmapbt. mkfs must not make a log
 * smaller than what the kernel will demand at mount time, and the kernel derives that from the largest
 * transaction reservation times its log count; so mkfs, and jxfs, compute the same table of reservations.
 */
public final class TransResvCalc {
    /** sizeof(struct xlog_op_header). */
    static final int XLOG_OP_HEADER_SIZE = 12;
    /** sizeof(struct xfs_buf_log_format): 4 x u16, i64 blkno, u32 map size, XFS_BLF_DATAMAP_SIZE u32 words. */
    static final int XFS_BUF_LOG_FORMAT_SIZE = 88;
    /** sizeof(struct xfs_inode_log_format). */
    static final int XFS_INODE_LOG_FORMAT_SIZE = 56;
    /** sizeof(xfs_trans_header_t). */
    static final int XFS_TRANS_HEADER_SIZE = 16;
    /** sizeof(struct xfs_disk_dquot). */
    static final int XFS_DISK_DQUOT_SIZE = 104;
    /** sizeof(struct xfs_dq_logformat). */
    static final int XFS_DQ_LOGFORMAT_SIZE = 24;
    /**
     * XFS_DQUOT_LOGRES: room for six dquots (user, group, project; old and new owner), reserved whether or not
     * quotas are on.
     */
    static final int XFS_DQUOT_LOGRES = (XFS_DQ_LOGFORMAT_SIZE + XFS_DISK_DQUOT_SIZE) * 6;
    /** XFS_DA_NODE_MAXDEPTH: the deepest dabtree. */
    static final int XFS_DA_NODE_MAXDEPTH = 5;
    /** XFS_SYMLINK_MAXLEN. */
    static final int XFS_SYMLINK_MAXLEN = 1024;
    /** XFS_DQUOT_CLUSTER_SIZE_FSB. */
    static final int XFS_DQUOT_CLUSTER_SIZE_FSB = 1;
    /** MAXNAMELEN. */
    static final int MAXNAMELEN = 256;
    /** Log counts of permanent reservations (xfs_trans_resv.h). */
    static final int XFS_DEFAULT_LOG_COUNT = 1, XFS_DEFAULT_PERM_LOG_COUNT = 2, XFS_ITRUNCATE_LOG_COUNT = 2,
            XFS_INACTIVE_LOG_COUNT = 2, XFS_CREATE_LOG_COUNT = 2, XFS_CREATE_TMPFILE_LOG_COUNT = 2,
            XFS_MKDIR_LOG_COUNT = 3, XFS_SYMLINK_LOG_COUNT = 3, XFS_REMOVE_LOG_COUNT = 2, XFS_LINK_LOG_COUNT = 2,
            XFS_RENAME_LOG_COUNT = 2, XFS_WRITE_LOG_COUNT = 2, XFS_ADDAFORK_LOG_COUNT = 2,
            XFS_ATTRINVAL_LOG_COUNT = 1, XFS_ATTRSET_LOG_COUNT = 3, XFS_ATTRRM_LOG_COUNT = 3;
    /** The overestimated log counts of early reflink, kept for the minimum log size. */
    static final int XFS_ITRUNCATE_LOG_COUNT_REFLINK = 8, XFS_WRITE_LOG_COUNT_REFLINK = 8;
    /** XLOG_MAX_RECORD_BSIZE / XLOG_HEADER_CYCLE_SIZE: v2 log record sizes. */
    static final int XLOG_MAX_RECORD_BSIZE = 256 * 1024, XLOG_HEADER_CYCLE_SIZE = 32 * 1024;
    /** XFS_MIN_LOG_FACTOR: the log holds at least this many maximal transactions. */
    static final int XFS_MIN_LOG_FACTOR = 3;
    static final int BBSIZE = 512, BBSHIFT = 9;

    /** struct xfs_trans_res: bytes per unit and units per permanent reservation. */
    public record TransRes(String name, int logres, int logcount) {
    }

    private final MountGeometry mp;

    private TransResvCalc(MountGeometry mp) {
        this.mp = mp;
    }

    /**
     * Ports xfs_log_calc_minimum_size: the log must hold XFS_MIN_LOG_FACTOR of the largest transaction, each
     * padded to the log stripe unit twice (data and commit record) when there is one.
     */
    public static long logCalcMinimumSize(MountGeometry mp) {
        TransRes tres = new TransResvCalc(mp).maxTransRes();
        long maxLogres = logCalcUnitRes(tres.logres(), mp.logsunit());
        if (tres.logcount() > 1) {
            maxLogres *= tres.logcount();
        }
        long lsunit = mp.logsunit() > 1 ? bToBb(mp.logsunit()) : 0;
        long minLogblks;
        if (lsunit != 0) {
            minLogblks = (bToBb(maxLogres) + lsunit - 1) / lsunit * lsunit + 2 * lsunit;
        } else {
            minLogblks = bToBb(maxLogres) + 2 * BBSIZE;     // sic: 2 * BBSIZE basic blocks, as the kernel has it
        }
        minLogblks *= XFS_MIN_LOG_FACTOR;
        int blkbbLog = Integer.numberOfTrailingZeros(mp.blocksize()) - BBSHIFT;
        return (minLogblks + (1L << blkbbLog) - 1) >>> blkbbLog;    // XFS_BB_TO_FSB rounds up
    }

    /** The reservation table as the minimum log size sees it (xfs_log_calc_trans_resv_for_minlogblocks). */
    public static TransRes[] minlogReservations(MountGeometry mp) {
        return new TransResvCalc(mp).resvForMinlogblocks();
    }

    /**
     * Ports xfs_log_get_max_trans_res: the reservation whose logres x logcount is largest, first one wins a tie
     * (struct order), or the attr-set worst case if larger.
     */
    TransRes maxTransRes() {
        int attrSpace = calcMaxAttrsetmRes();
        TransRes[] resv = resvForMinlogblocks();
        int logSpace = 0;
        TransRes max = null;
        for (TransRes r : resv) {
            int tmp = r.logcount() > 1 ? r.logres() * r.logcount() : r.logres();
            if (logSpace < tmp) {
                logSpace = tmp;
                max = r;
            }
        }
        if (attrSpace > logSpace) {
            TransRes attrsetm = find(resv, "attrsetm");
            max = new TransRes("attrsetm", attrSpace, attrsetm.logcount());
        }
        return max;
    }

    private static TransRes find(TransRes[] resv, String name) {
        for (TransRes r : resv) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        throw new IllegalStateException(name);
    }

    /**
     * Ports xfs_log_calc_max_attrsetm_res: a local attribute value of the largest size is logged whole, so its
     * blocks count on top of tr_attrsetm.
     */
    int calcMaxAttrsetmRes() {
        int size = attrLeafEntsizeLocalMax(mp.blocksize()) - MAXNAMELEN - 1;
        int nblks = daenterSpaceResAttr();
        nblks += (int) MountGeometry.howmany(size, mp.blocksize());
        nblks += nextentaddSpaceRes(size, mp.bmMaxlevelsAttr());
        return calcAttrsetmReservation() + calcAttrsetrtReservation() * nblks;
    }

    /** Ports xfs_log_calc_trans_resv_for_minlogblocks (no rmapbt): the old reflink log counts and sizes. */
    TransRes[] resvForMinlogblocks() {
        TransRes[] r = transResvCalc();
        if (mp.reflink()) {
            r[0] = new TransRes("write", calcWriteReservation(true), XFS_WRITE_LOG_COUNT_REFLINK);
            r[1] = new TransRes("itruncate", calcItruncateReservation(true), XFS_ITRUNCATE_LOG_COUNT_REFLINK);
            r[23] = new TransRes("qm_dqalloc", calcQmDqallocReservation(true), XFS_WRITE_LOG_COUNT_REFLINK);
        } else {
            r[0] = new TransRes("write", calcWriteReservation(true), r[0].logcount());
            r[1] = new TransRes("itruncate", calcItruncateReservation(true), r[1].logcount());
            r[23] = new TransRes("qm_dqalloc", calcQmDqallocReservation(true), r[23].logcount());
        }
        return r;
    }

    /** Ports xfs_trans_resv_calc, in struct xfs_trans_resv order. */
    TransRes[] transResvCalc() {
        int adj = 0;
        if (mp.reflink()) {
            adj += 2;       // one for reflink-or-rmapbt, one for reflink
        }
        return new TransRes[] {
            new TransRes("write", calcWriteReservation(false), XFS_WRITE_LOG_COUNT + adj),
            new TransRes("itruncate", calcItruncateReservation(false), XFS_ITRUNCATE_LOG_COUNT + adj),
            new TransRes("rename", calcRenameReservation(), XFS_RENAME_LOG_COUNT),
            new TransRes("link", calcLinkReservation(), XFS_LINK_LOG_COUNT),
            new TransRes("remove", calcRemoveReservation(), XFS_REMOVE_LOG_COUNT),
            new TransRes("symlink", calcIcreateReservation() + calcBufRes(1, XFS_SYMLINK_MAXLEN),
                    XFS_SYMLINK_LOG_COUNT),
            new TransRes("create", calcIcreateReservation(), XFS_CREATE_LOG_COUNT),
            new TransRes("create_tmpfile", XFS_DQUOT_LOGRES + calcIcreateResvAlloc() + calcIunlinkAddReservation(),
                    XFS_CREATE_TMPFILE_LOG_COUNT),
            new TransRes("mkdir", calcIcreateReservation(), XFS_MKDIR_LOG_COUNT),
            new TransRes("ifree", calcIfreeReservation(), XFS_INACTIVE_LOG_COUNT),
            new TransRes("ichange", XFS_DQUOT_LOGRES + calcInodeRes(1) + calcBufRes(1, mp.sectsize()), 0),
            new TransRes("growdata", calcBufRes(3, mp.sectsize()) + calcBufRes(allocfreeBlockCount(1), blksz()),
                    XFS_DEFAULT_PERM_LOG_COUNT),
            new TransRes("addafork", calcAddaforkReservation(), XFS_ADDAFORK_LOG_COUNT),
            new TransRes("writeid", calcInodeRes(1), 0),
            new TransRes("attrinval", calcAttrinvalReservation(), XFS_ATTRINVAL_LOG_COUNT),
            new TransRes("attrsetm", calcAttrsetmReservation(), XFS_ATTRSET_LOG_COUNT),
            new TransRes("attrsetrt", calcAttrsetrtReservation(), 0),
            new TransRes("attrrm", calcAttrrmReservation(), XFS_ATTRRM_LOG_COUNT),
            new TransRes("clearagi", calcBufRes(1, mp.sectsize()), 0),
            new TransRes("growrtalloc", calcBufRes(2, mp.sectsize()) + calcBufRes(mp.bmMaxlevelsData(), blksz())
                    + calcInodeRes(1) + calcBufRes(allocfreeBlockCount(1), blksz()), XFS_DEFAULT_PERM_LOG_COUNT),
            new TransRes("growrtzero", calcBufRes(1, mp.blocksize()), 0),
            // m_rsumsize is 0 when the transaction table is computed: there is no realtime section.
            new TransRes("growrtfree", calcBufRes(1, mp.sectsize()) + calcInodeRes(2)
                    + calcBufRes(1, mp.blocksize()) + calcBufRes(1, 0), 0),
            new TransRes("qm_setqlim", calcBufRes(1, XFS_DISK_DQUOT_SIZE), XFS_DEFAULT_LOG_COUNT),
            new TransRes("qm_dqalloc", calcQmDqallocReservation(false), XFS_WRITE_LOG_COUNT + adj),
            new TransRes("sb", calcBufRes(1, mp.sectsize()), XFS_DEFAULT_LOG_COUNT),
            new TransRes("fsyncts", calcInodeRes(1), 0),
        };
    }

    /**
     * Ports xfs_log_calc_unit_res (libxfs/util.c) for v2 logs: a reservation plus the worst case of op headers,
     * log record headers for every 256 KiB record it may span, and round-off to the log stripe unit or sector.
     */
    static long logCalcUnitRes(long unitBytes, int logsunit) {
        int iclogSize = XLOG_MAX_RECORD_BSIZE;
        int iclogHeaderSize = (iclogSize / XLOG_HEADER_CYCLE_SIZE) * BBSIZE;
        unitBytes += XLOG_OP_HEADER_SIZE + XFS_TRANS_HEADER_SIZE;   // trans header
        unitBytes += XLOG_OP_HEADER_SIZE;                           // start record
        long iclogSpace = iclogSize - iclogHeaderSize;
        long numHeaders = MountGeometry.howmany(unitBytes, iclogSpace);
        unitBytes += XLOG_OP_HEADER_SIZE * numHeaders;              // split records
        while (numHeaders == 0 || MountGeometry.howmany(unitBytes, iclogSpace) > numHeaders) {
            unitBytes += XLOG_OP_HEADER_SIZE;
            numHeaders++;
        }
        unitBytes += iclogHeaderSize * numHeaders;
        unitBytes += iclogHeaderSize;                               // commit record's LR header
        unitBytes += 2L * (logsunit > 1 ? logsunit : BBSIZE);       // round-off, data and commit record
        return unitBytes;
    }

    private static long bToBb(long bytes) {
        return (bytes + BBSIZE - 1) >>> BBSHIFT;
    }

    private int blksz() {
        return mp.blocksize();
    }

    // ---- xfs_trans_resv.c helpers ----

    /** xfs_buf_log_overhead: an op header and a buf log format item, rounded to 128 bytes. */
    static int bufLogOverhead() {
        int v = XLOG_OP_HEADER_SIZE + XFS_BUF_LOG_FORMAT_SIZE;
        return (v + 127) / 128 * 128;
    }

    static int calcBufRes(int nbufs, int size) {
        return nbufs * (size + bufLogOverhead());
    }

    /** xfs_allocfree_block_count: each op may split both free space btrees to full height (no rmapbt). */
    int allocfreeBlockCount(int numOps) {
        return numOps * 2 * (2 * mp.allocMaxlevels() - 1);
    }

    int refcountbtBlockCount(int numOps) {
        return numOps * (2 * mp.refcMaxlevels() - 1);
    }

    int calcInodeRes(int ninodes) {
        return ninodes * (4 * XLOG_OP_HEADER_SIZE + XFS_INODE_LOG_FORMAT_SIZE + mp.inodesize()
                + 2 * MountGeometry.XFS_BTREE_LBLOCK_CRC_LEN);
    }

    int calcInobtRes() {
        return calcBufRes(mp.inobtMaxlevels(), blksz()) + calcBufRes(allocfreeBlockCount(1), blksz());
    }

    int calcFinobtRes() {
        return mp.finobt() ? calcInobtRes() : 0;
    }

    /** xfs_calc_inode_chunk_res: v3 inodes are initialised with icreate items, so no chunk buffers on alloc. */
    int calcInodeChunkRes(boolean alloc) {
        int res = calcBufRes(allocfreeBlockCount(1), blksz());
        if (alloc) {
            return res;
        }
        return res + calcBufRes(mp.iallocBlks(), 0);
    }

    int calcRefcountbtReservation(int nrOps) {
        if (!mp.reflink()) {
            return 0;
        }
        return calcBufRes(nrOps, mp.sectsize()) + calcBufRes(refcountbtBlockCount(nrOps), blksz());
    }

    int calcWriteReservation(boolean forMinlogsize) {
        int t1 = calcInodeRes(1) + calcBufRes(mp.bmMaxlevelsData(), blksz()) + calcBufRes(3, mp.sectsize())
                + calcBufRes(allocfreeBlockCount(2), blksz());
        int t2 = 0;     // no realtime
        int t3 = calcBufRes(5, mp.sectsize()) + calcBufRes(allocfreeBlockCount(2), blksz());
        if (forMinlogsize) {
            int adj = mp.reflink() ? calcBufRes(refcountbtBlockCount(2), blksz()) : 0;
            t1 += adj;
            t3 += adj;
            return XFS_DQUOT_LOGRES + max3(t1, t2, t3);
        }
        int t4 = calcRefcountbtReservation(1);
        return XFS_DQUOT_LOGRES + Math.max(t4, max3(t1, t2, t3));
    }

    int calcItruncateReservation(boolean forMinlogsize) {
        int t1 = calcInodeRes(1) + calcBufRes(mp.bmMaxlevelsData() + 1, blksz());
        int t2 = calcBufRes(9, mp.sectsize()) + calcBufRes(allocfreeBlockCount(4), blksz());
        int t3 = 0;     // no realtime
        if (forMinlogsize) {
            if (mp.reflink()) {
                t2 += calcBufRes(refcountbtBlockCount(4), blksz());
            }
            return XFS_DQUOT_LOGRES + max3(t1, t2, t3);
        }
        int t4 = calcRefcountbtReservation(2);
        return XFS_DQUOT_LOGRES + Math.max(t4, max3(t1, t2, t3));
    }

    int calcRenameReservation() {
        return XFS_DQUOT_LOGRES + Math.max(calcInodeRes(5) + calcBufRes(2 * diropLogCount(), blksz()),
                calcBufRes(7, mp.sectsize()) + calcBufRes(allocfreeBlockCount(3), blksz()));
    }

    int calcIunlinkRemoveReservation() {
        return calcBufRes(1, mp.sectsize()) + 2 * mp.inodeClusterSize();
    }

    int calcLinkReservation() {
        return XFS_DQUOT_LOGRES + calcIunlinkRemoveReservation() + Math.max(calcInodeRes(2) + calcBufRes(diropLogCount(), blksz()),
                calcBufRes(3, mp.sectsize()) + calcBufRes(allocfreeBlockCount(1), blksz()));
    }

    int calcIunlinkAddReservation() {
        return calcBufRes(1, mp.sectsize()) + mp.inodeClusterSize();
    }

    int calcRemoveReservation() {
        return XFS_DQUOT_LOGRES + calcIunlinkAddReservation() + Math.max(calcInodeRes(2) + calcBufRes(diropLogCount(), blksz()),
                calcBufRes(4, mp.sectsize()) + calcBufRes(allocfreeBlockCount(2), blksz()));
    }

    int calcCreateResvModify() {
        return calcInodeRes(2) + calcBufRes(1, mp.sectsize()) + blksz() + calcBufRes(diropLogCount(), blksz())
                + calcFinobtRes();
    }

    int calcIcreateResvAlloc() {
        return calcBufRes(2, mp.sectsize()) + mp.sectsize() + calcInodeChunkRes(true) + calcInobtRes()
                + calcFinobtRes();
    }

    int calcIcreateReservation() {
        return XFS_DQUOT_LOGRES + Math.max(calcIcreateResvAlloc(), calcCreateResvModify());
    }

    int calcIfreeReservation() {
        return XFS_DQUOT_LOGRES + calcInodeRes(1) + calcBufRes(3, mp.sectsize()) + calcIunlinkRemoveReservation()
                + calcInodeChunkRes(false) + calcInobtRes() + calcFinobtRes();
    }

    int calcAddaforkReservation() {
        return XFS_DQUOT_LOGRES + calcInodeRes(1) + calcBufRes(2, mp.sectsize())
                + calcBufRes(1, mp.dirFsbcount() * blksz())
                + calcBufRes(daenterBmap1bData() + 1, blksz()) + calcBufRes(allocfreeBlockCount(1), blksz());
    }

    int calcAttrinvalReservation() {
        return Math.max(calcInodeRes(1) + calcBufRes(mp.bmMaxlevelsAttr(), blksz()),
                calcBufRes(9, mp.sectsize()) + calcBufRes(allocfreeBlockCount(4), blksz()));
    }

    int calcAttrsetmReservation() {
        return XFS_DQUOT_LOGRES + calcInodeRes(1) + calcBufRes(1, mp.sectsize())
                + calcBufRes(XFS_DA_NODE_MAXDEPTH, blksz());
    }

    int calcAttrsetrtReservation() {
        return calcBufRes(1, mp.sectsize()) + calcBufRes(mp.bmMaxlevelsAttr(), blksz());
    }

    int calcAttrrmReservation() {
        return XFS_DQUOT_LOGRES + Math.max(calcInodeRes(1) + calcBufRes(XFS_DA_NODE_MAXDEPTH, blksz())
                + mp.bmMaxlevelsAttr() * blksz() + calcBufRes(mp.bmMaxlevelsData(), 0),
                calcBufRes(5, mp.sectsize()) + calcBufRes(allocfreeBlockCount(2), blksz()));
    }

    int calcQmDqallocReservation(boolean forMinlogsize) {
        return calcWriteReservation(forMinlogsize)
                + calcBufRes(1, XFS_DQUOT_CLUSTER_SIZE_FSB * blksz() - 1);
    }

    // ---- xfs_trans_space.h ----

    /** XFS_MAX_CONTIG_EXTENTS_PER_BLOCK. */
    int maxContigExtentsPerBlock() {
        return mp.allocMxr0() - mp.allocMnr0();
    }

    /** XFS_NEXTENTADD_SPACE_RES(mp, b, w). */
    int nextentaddSpaceRes(int b, int bmMaxlevels) {
        int per = maxContigExtentsPerBlock();
        return (b + per - 1) / per * (bmMaxlevels - 1);
    }

    /** XFS_DAENTER_BMAP1B(mp, XFS_DATA_FORK). */
    int daenterBmap1bData() {
        return nextentaddSpaceRes(mp.dirFsbcount(), mp.bmMaxlevelsData());
    }

    /** XFS_DIROP_LOG_COUNT: DAENTER_BLOCKS + DAENTER_BMAPS + 1 for the data fork. */
    int diropLogCount() {
        int dbs = XFS_DA_NODE_MAXDEPTH + 2;
        return mp.dirFsbcount() * dbs + dbs * daenterBmap1bData() + 1;
    }

    /** XFS_DAENTER_SPACE_RES(mp, XFS_ATTR_FORK). */
    int daenterSpaceResAttr() {
        int dbs = XFS_DA_NODE_MAXDEPTH;
        int bmap1b = nextentaddSpaceRes(1, mp.bmMaxlevelsAttr());
        return dbs + dbs * bmap1b;
    }

    /** xfs_attr_leaf_entsize_local_max. */
    static int attrLeafEntsizeLocalMax(int bsize) {
        return (bsize >> 1) + (bsize >> 2);
    }

    private static int max3(int a, int b, int c) {
        return Math.max(a, Math.max(b, c));
    }
}
