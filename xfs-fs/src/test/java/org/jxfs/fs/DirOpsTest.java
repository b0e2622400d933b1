// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.Cksum;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Dir2Sf;
import org.jxfs.core.format.Geometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** link, rename, unlink of files that own blocks, and each refusal's errno, on real jxfs images. */
class DirOpsTest {
    static int errno(ThrowingRunnable r) {
        try {
            r.run();
        } catch (XfsException e) {
            return e.errno();
        }
        throw new AssertionError("no error");
    }

    interface ThrowingRunnable {
        void run() throws XfsException;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void unlinkOfTheLastLinkFreesBlocksAndInode(boolean defaults) throws Exception {
        Path img = NamespaceTest.image("unlink-blocks", defaults);
        try (Xfs fs = Xfs.open(img)) {
            long free0 = fs.mount().fdblocks();
            long ifree0 = fs.mount().ifree();
            long icount0 = fs.mount().icount();
            try (XfsFile f = fs.create("/data")) {
                for (int i = 0; i < 40; i++) {
                    f.fallocate((long) i * 2 * 4096, 4096);
                }
            }
            fs.link("/data", "/other");
            assertThat(fs.stat("/data").nlink).isEqualTo(2);
            fs.unlink("/data");
            assertThat(fs.stat("/other").nblocks).as("40 extents and the bmbt leaf holding them").isEqualTo(41);
            assertThat(fs.mount().fdblocks()).isLessThan(free0);
            fs.unlink("/other");
            assertThat(fs.lookup("/other")).isEqualTo(-1);
            assertThat(fs.mount().fdblocks()).isEqualTo(free0);
            assertThat(fs.mount().ifree()).isEqualTo(ifree0);
            assertThat(fs.mount().icount()).isEqualTo(icount0);
            NamespaceTest.assertClean(fs);
        }
    }

    /**
     * mknod of a device file: its number (major 259, minor 70000, packed as sysv_encode_dev packs it) is the data
     * fork of the inode read back after a remount; a mode without a device type is EINVAL.
     */
    @Test
    void mknodKeepsTheDeviceNumber() throws Exception {
        Path img = NamespaceTest.image("mknod", true);
        try (Xfs fs = Xfs.open(img)) {
            fs.namespace().mknod(fs.rootIno(), "blk", Dinode.S_IFBLK | 0640, Dinode.encodeDev(259, 70000), "");
            fs.namespace().mknod(fs.rootIno(), "null", Dinode.S_IFCHR | 0666, Dinode.encodeDev(1, 3), "");
            assertThat(errno(() -> fs.namespace().mknod(fs.rootIno(), "reg", Dinode.S_IFREG | 0644, 0, "")))
                    .isEqualTo(XfsException.EINVAL);
        }
        try (Xfs fs = Xfs.open(img)) {
            assertThat(fs.stat("/blk").mode).isEqualTo(Dinode.S_IFBLK | 0640);
            assertThat(fs.stat("/blk").format).isEqualTo(Dinode.FMT_DEV);
            assertThat(org.jxfs.core.format.BigEndian.u32(fs.stat("/blk").dataFork, 0))
                    .isEqualTo((259L << 18) | 70000);
            assertThat(org.jxfs.core.format.BigEndian.u32(fs.stat("/null").dataFork, 0)).isEqualTo((1L << 18) | 3);
            assertThat(fs.readdir("/")).extracting(DirEntry::name).containsExactly(".", "..", "blk", "null");
            NamespaceTest.assertClean(fs);
        }
    }

    /** A file unlinked with buffered data still in the page cache (delayed allocations) gives it all back. */
    @Test
    void unlinkOfAFileWithDirtyCachedDataFreesItsReservations() throws Exception {
        Path img = NamespaceTest.image("unlink-dirty", true);
        try (Xfs fs = Xfs.open(img)) {
            long free0 = fs.mount().fdblocks();
            try (XfsFile f = fs.create("/buffered")) {
                f.pwrite(0, new byte[256 << 10], 0, 256 << 10);
            }
            assertThat(fs.mount().fdblocks()).isLessThan(free0);
            fs.unlink("/buffered");
            assertThat(fs.mount().fdblocks()).isEqualTo(free0);
            assertThat(PageCache.of(fs.mount()).dirtyBytes()).isZero();
            NamespaceTest.assertClean(fs);
        }
        try (Xfs fs = Xfs.open(img)) {
            NamespaceTest.assertClean(fs);
        }
    }

    @Test
    void linkAndRenameWithTheKernelsErrnos() throws Exception {
        Path img = NamespaceTest.image("rename", true);
        try (Xfs fs = Xfs.open(img)) {
            long a = fs.create("/a", 0644);
            long b = fs.create("/b", 0644);
            fs.mkdir("/d", 0755);
            fs.mkdir("/e", 0755);
            fs.create("/e/inside", 0644);
            long root = fs.rootIno();
            assertThat(errno(() -> fs.link("/d", "/dlink"))).isEqualTo(XfsException.EPERM);
            assertThat(errno(() -> fs.link("/a", "/b"))).isEqualTo(XfsException.EEXIST);
            assertThat(errno(() -> fs.rename("/nothing", "/x"))).isEqualTo(XfsException.ENOENT);
            assertThat(errno(() -> fs.rename("/d", "/d/sub"))).isEqualTo(XfsException.EINVAL);
            assertThat(errno(() -> fs.rename("/d", "/a"))).isEqualTo(XfsException.ENOTDIR);
            assertThat(errno(() -> fs.rename("/a", "/d"))).isEqualTo(XfsException.EISDIR);
            assertThat(errno(() -> fs.rename("/d", "/e"))).isEqualTo(XfsException.EEXIST);

            fs.rename("/a", "/b");
            assertThat(fs.lookup("/a")).isEqualTo(-1);
            assertThat(fs.lookup("/b")).isEqualTo(a);
            assertThat(fs.mount().inodeCache().peek(b).mode).as("the replaced file's inode is freed").isZero();

            fs.rename("/d", "/e/moved");
            assertThat(fs.lookup("/e/moved/..")).isEqualTo(fs.lookup("/e"));
            assertThat(fs.stat("/").nlink).isEqualTo(3);
            assertThat(fs.stat("/e").nlink).isEqualTo(3);
            fs.rmdir("/e/moved");
            fs.unlink("/e/inside");
            fs.mkdir("/f", 0755);
            fs.rename("/f", "/e");
            assertThat(fs.stat("/").nlink).isEqualTo(3);
            assertThat(fs.readdir("/")).containsExactly(new DirEntry(".", root, Dir2Sf.FT_DIR),
                    new DirEntry("..", root, Dir2Sf.FT_DIR), new DirEntry("b", a, Dir2Sf.FT_REG_FILE),
                    new DirEntry("e", fs.lookup("/e"), Dir2Sf.FT_DIR));
            assertThat(fs.lookup("/e/..")).isEqualTo(root);
            fs.link("/b", "/e/b2");
            assertThat(fs.readdir("/e")).contains(new DirEntry("b2", a, Dir2Sf.FT_REG_FILE));
            fs.rename("/b", "/e/b2");
            assertThat(fs.stat("/e/b2").nlink).as("a rename onto another name of the same file does nothing")
                    .isEqualTo(2);
            NamespaceTest.assertClean(fs);
        }
    }

    @Test
    void shortFormHeaderWithABadCountIsCorruption() throws Exception {
        Path img = NamespaceTest.image("sf-count", false);
        long ino;
        Geometry g;
        try (Xfs fs = Xfs.open(img)) {
            ino = fs.mkdir("/d", 0755);
            fs.create("/d/x", 0644);
            g = fs.mount().geometry();
        }
        long pos = g.fsbToDaddr(g.inoToFsb(ino)) * 512 + (long) g.inoToOffset(ino) * g.inodesize;
        try (RandomAccessFile raf = new RandomAccessFile(img.toFile(), "rw")) {
            byte[] b = new byte[g.inodesize];
            raf.seek(pos);
            raf.readFully(b);
            b[Dinode.CORE_SIZE + Dir2Sf.OFF_COUNT] = (byte) 200;
            Cksum.update(b, 0, g.inodesize, Dinode.OFF_CRC);
            raf.seek(pos);
            raf.write(b);
        }
        try (Xfs fs = Xfs.open(img)) {
            assertThatThrownBy(() -> fs.readdir("/d")).isInstanceOf(FsCorruptedException.class)
                    .hasMessageContaining("short-form directory inode " + ino).hasMessageContaining("entry 1");
            assertThatThrownBy(() -> fs.lookup("/d/x")).isInstanceOf(FsCorruptedException.class);
        }
    }

    /**
     * Field fuzz cases "dir block bu[2].inumber zeroes" and "bu[2].filetype": a block directory entry holding
     * inode number 0, or a file type past XFS_DIR3_FT_MAX, fails the block's verifier (__xfs_dir3_data_check)
     * with the CRC made right, so neither a lookup nor a create goes through it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"inumber", "filetype"})
    void blockDirectoryEntryWithABadInodeOrTypeIsCorruption(String field) throws Exception {
        Path img = NamespaceTest.image("block-entry-" + field, true);
        damageDirBlock(img, 40, b -> BigEndian.u32(b, Dir2Block.OFF_MAGIC) == Dir2Block.MAGIC, Dir2Block.OFF_OWNER,
                Dir2Block.OFF_CRC, b -> {
            // the third entry: the first file, after "." and ".."
            int ent = Dir2Block.HDR_SIZE + Dir2Sf.dataEntsize(1, true) + Dir2Sf.dataEntsize(2, true);
            if (field.equals("inumber")) {
                BigEndian.putU64(b, ent + Dir2Block.OFF_ENT_INUMBER, 0);
            } else {
                b[ent + Dir2Block.OFF_ENT_NAME + b[ent + Dir2Block.OFF_ENT_NAMELEN]] = (byte) Dir2Sf.FT_MAX;
            }
        });
        try (Xfs fs = Xfs.open(img)) {
            assertThatThrownBy(() -> fs.lookup("/d/e39")).isInstanceOf(FsCorruptedException.class)
                    .hasMessageContaining("xfs_dir3_block").hasMessageContaining(
                            field.equals("inumber") ? "inode number 0" : "file type 9");
            assertThatThrownBy(() -> fs.create("/d/new", 0644)).isInstanceOf(FsCorruptedException.class);
        }
    }

    /**
     * Field fuzz case "dir leaf1 lents[0].address zeroes": a leaf entry made stale (NULL_DATAPTR) without the
     * header's stale count fails the leaf verifier (xfs_dir3_leaf_check_int), so a create does not insert into it.
     */
    @Test
    void leafEntryMadeStaleBehindTheHeadersBackIsCorruption() throws Exception {
        Path img = NamespaceTest.image("leaf-stale", true);
        damageDirBlock(img, 200, b -> DaBlk.magic(b) == DaBlk.LEAF1_MAGIC, DaBlk.OFF_OWNER, DaBlk.OFF_CRC,
                b -> BigEndian.putU32(b, DaBlk.HDR_SIZE + 4, Dir2Block.NULL_DATAPTR));
        try (Xfs fs = Xfs.open(img)) {
            assertThatThrownBy(() -> fs.create("/d/new", 0644)).isInstanceOf(FsCorruptedException.class)
                    .hasMessageContaining("stale count 0 but 1 stale entries");
        }
    }

    /**
     * Field fuzz case "dir leaf1 ltail.bestcount zeroes": a leaf whose bests table was cut to nothing still passes
     * the leaf verifier (the entries do not overlap an empty table), but its entries point at data blocks the
     * table no longer covers: a create or a remove refuses it (xfs_repair's "bad tail") rather than growing a new
     * bests table over the leaf's tail.
     */
    @Test
    void leafWithABestsTableCutShortIsCorruption() throws Exception {
        Path img = NamespaceTest.image("leaf-bestcount", true);
        damageDirBlock(img, 200, b -> DaBlk.magic(b) == DaBlk.LEAF1_MAGIC, DaBlk.OFF_OWNER, DaBlk.OFF_CRC,
                b -> BigEndian.putU32(b, b.length - DaBlk.LEAF_TAIL_SIZE, 0));
        // each in a mount of its own: the create finds the leaf corrupt after it allocated the inode, and the
        // dirty transaction's cancel shuts the filesystem down, as the kernel's xfs_create would
        try (Xfs fs = Xfs.open(img)) {
            assertThat(fs.lookup("/d/e199")).isPositive();
            assertThatThrownBy(() -> fs.create("/d/new", 0644)).isInstanceOf(FsCorruptedException.class)
                    .hasMessageContaining("past bestcount 0");
        }
        try (Xfs fs = Xfs.open(img)) {
            assertThatThrownBy(() -> fs.unlink("/d/e7")).isInstanceOf(FsCorruptedException.class)
                    .hasMessageContaining("past bestcount 0");
        }
    }

    /**
     * Jazzer finding (MountFuzzTest, a leaf1 block's bestcount 0xe7ffffff with the CRC made right): the verifier read
     * bestcount as a signed int, so the bests table seemed to start past the block's end and passed; the create then
     * failed with a NegativeArraySizeException. Read unsigned, it overlaps the entries and the verifier refuses it.
     */
    @Test
    void leafWithAHugeBestcountFailsTheVerifier() throws Exception {
        Path img = NamespaceTest.image("leaf-bestcount-huge", true);
        damageDirBlock(img, 200, b -> DaBlk.magic(b) == DaBlk.LEAF1_MAGIC, DaBlk.OFF_OWNER, DaBlk.OFF_CRC,
                b -> BigEndian.putU32(b, b.length - DaBlk.LEAF_TAIL_SIZE, 0xe7ffffffL));
        try (Xfs fs = Xfs.open(img)) {
            assertThatThrownBy(() -> fs.create("/d/new", 0644)).isInstanceOf(FsCorruptedException.class)
                    .hasMessageContaining("overlap the bests (3892314111)");
        }
    }

    /**
     * Makes /d with {@code entries} files, finds the block {@code kind} matches whose owner (at {@code ownerOff})
     * is /d, applies {@code damage} and makes the CRC at {@code crcOff} right again.
     */
    private static void damageDirBlock(Path img, int entries, Predicate<byte[]> kind, int ownerOff, int crcOff,
            Consumer<byte[]> damage) throws Exception {
        long ino;
        Geometry g;
        try (Xfs fs = Xfs.open(img)) {
            ino = fs.mkdir("/d", 0755);
            for (int i = 0; i < entries; i++) {
                fs.create("/d/e" + i, 0644);
            }
            g = fs.mount().geometry();
        }
        try (RandomAccessFile raf = new RandomAccessFile(img.toFile(), "rw")) {
            byte[] b = new byte[g.blocksize];
            for (long off = 0; off < raf.length(); off += g.blocksize) {
                raf.seek(off);
                raf.readFully(b);
                if (kind.test(b) && BigEndian.u64(b, ownerOff) == ino) {
                    damage.accept(b);
                    Cksum.update(b, 0, g.blocksize, crcOff);
                    raf.seek(off);
                    raf.write(b);
                    return;
                }
            }
        }
        throw new AssertionError("no block of /d found");
    }
}
