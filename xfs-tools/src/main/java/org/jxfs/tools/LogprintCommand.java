// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jxfs.core.XfsException;
import org.jxfs.core.dev.BlockDevice;
import org.jxfs.core.format.BufLogFormat;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.format.IcreateLogFormat;
import org.jxfs.core.format.InodeLogFormat;
import org.jxfs.core.format.LogItemType;
import org.jxfs.core.format.Sb;
import org.jxfs.core.log.LogParser;
import org.jxfs.core.log.LogRecord;
import org.jxfs.core.log.LogScan;
import org.jxfs.core.log.LogTransaction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code jxfs logprint IMAGE}: the internal log's records and the transactions committed in them, in the spirit of
 * {@code xfs_logprint -t} (same item lines, without its in-memory addresses). Reads only; a dirty log stays dirty.
 */
@Command(name = "logprint", mixinStandardHelpOptions = true,
        description = {"Print an XFS image's log: records from the tail to the head and their transactions",
                "(like xfs_logprint -t). Exit status: 0 printed, 2 the log cannot be read."})
final class LogprintCommand implements Callable<Integer> {
    static final String RULE = "=".repeat(76);

    @Parameters(index = "0", paramLabel = "IMAGE", description = "the image file")
    Path image;

    @Override
    public Integer call() {
        try (BlockDevice dev = BlockDevice.open(image, true)) {
            LogScan scan = LogScan.scan(dev);
            byte[] sector = new byte[Geometry.BBSIZE];
            dev.read(0, sector, 0, sector.length);
            print(System.out, new Sb(sector).toGeometry(), scan);
            return 0;
        } catch (XfsException | RuntimeException e) {
            System.err.println("logprint: " + e.getMessage());
            return 2;
        }
    }

    void print(PrintStream out, Geometry geo, LogScan scan) throws XfsException {
        out.println("jxfs logprint:");
        out.println("    data device: " + image);
        out.println("    log device: internal daddr: " + geo.logDaddr() + " length: " + geo.logBb());
        out.println();
        out.println("    log tail: " + scan.tailBlk + " head: " + scan.headBlk + " state: <"
                + (scan.clean ? "CLEAN" : "DIRTY") + ">");
        if (scan.discarded != null) {
            out.println("    discarded: " + scan.discarded);
        }
        out.println();
        if (scan.clean) {
            out.println("LOG REC AT LSN cycle " + scan.lastCycle + " block " + scan.lastRecBlk + ": UNMOUNT");
            return;
        }
        LogParser parsed = LogParser.parse(scan.records);
        List<LogTransaction> txs = parsed.committed();
        int t = 0;
        for (LogRecord r : scan.records) {
            out.printf("LOG REC AT LSN cycle %d block %d (0x%x, 0x%x)%n", r.cycle(), r.blk(), r.cycle(), r.blk());
            while (t < txs.size() && txs.get(t).lsn == r.lsn()) {
                out.println(RULE);
                transaction(out, txs.get(t++));
            }
            out.println();
        }
        out.println("committed transactions: " + txs.size() + ", uncommitted at the head: " + parsed.uncommitted());
    }

    private static void transaction(PrintStream out, LogTransaction tx) {
        out.printf("TRANS: tid:0x%x  #items:%d%n", tx.tid, tx.items.size());
        for (int i = 0; i < tx.items.size(); i++) {
            byte[] f = tx.items.get(i).get(0);
            int regs = tx.items.get(i).size();
            switch (tx.type(i)) {
                case LogItemType.BUF -> out.printf("BUF:  #regs:%d   start blkno:0x%x   len:%d   bmap size:%d"
                        + "   flags:0x%x%s%n", regs, BufLogFormat.blkno(f), BufLogFormat.len(f),
                        BufLogFormat.mapSize(f), BufLogFormat.flags(f),
                        (BufLogFormat.flags(f) & BufLogFormat.FLAG_CANCEL) != 0 ? "  (cancel)" : "");
                case LogItemType.INODE -> out.printf("INO:  #regs:%d   ino:0x%x  flags:0x%x   dsize:%d%n", regs,
                        InodeLogFormat.ino(f), InodeLogFormat.fields(f), InodeLogFormat.dsize(f));
                case LogItemType.ICREATE -> out.printf("ICR:  #ag:%d  agbno:0x%x  len:%d  cnt:%d  isize:%d%n",
                        IcreateLogFormat.agno(f), IcreateLogFormat.agbno(f), IcreateLogFormat.length(f),
                        IcreateLogFormat.count(f), IcreateLogFormat.isize(f));
                default -> out.printf("%s:  #regs:%d  len:%d%n", LogItemType.name(tx.type(i)), regs, f.length);
            }
        }
    }
}
