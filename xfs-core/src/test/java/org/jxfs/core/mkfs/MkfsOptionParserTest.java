// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mkfs;

import org.jxfs.core.libfrog.Convert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.jxfs.core.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** mkfs.xfs 6.1 option syntax, suffixes and error messages. */
class MkfsOptionParserTest {
    private static MkfsOptionParser.Parsed parse(String line) throws InvalidArgumentException {
        return MkfsOptionParser.parse(line.split(" "));
    }

    @Test
    void defaultsAreTheMinimalSet() throws Exception {
        MkfsOptionParser.Parsed p = parse("img");
        assertThat(p.imagePath()).isEqualTo("img");
        MkfsOptions o = p.options();
        assertThat(o.crc()).isTrue();
        assertThat(o.ftype()).isTrue();
        assertThat(o.finobt() || o.sparse() || o.reflink() || o.rmapbt() || o.bigtime() || o.inobtcount()).isFalse();
        assertThat(o.blockSize()).isNull();
        assertThat(o.sectorSize()).isEqualTo(512);
        assertThat(o.dataSize()).isNull();
    }

    @Test
    void allOptions() throws Exception {
        UUID u = UUID.fromString("01234567-89ab-cdef-0123-456789abcdef");
        MkfsOptions o = parse("-f -N -q -b size=2k -d size=1g,agcount=7 -i size=1024,sparse=1 -l size=4m "
                + "-m crc=1,finobt=1,reflink=1,rmapbt=0,bigtime=1,inobtcount=1,uuid=" + u
                + " -n ftype=1 -L mylabel img").options();
        assertThat(o.force() && o.dryRun() && o.quiet()).isTrue();
        assertThat(o.blockSize()).isEqualTo(2048);
        assertThat(o.dataSize()).isEqualTo(1L << 30);
        assertThat(o.agcount()).isEqualTo(7);
        assertThat(o.inodeSize()).isEqualTo(1024);
        assertThat(o.sparse()).isTrue();
        assertThat(o.logSize()).isEqualTo(4L << 20);
        assertThat(o.finobt() && o.reflink() && o.bigtime() && o.inobtcount()).isTrue();
        assertThat(o.rmapbt()).isFalse();
        assertThat(o.uuid()).isEqualTo(u);
        assertThat(o.label()).isEqualTo("mylabel");
    }

    @Test
    void joinedOptionArgumentsAndFlags() throws Exception {
        MkfsOptions o = MkfsOptionParser.parse(new String[] {"-fN", "-bsize=1024", "img"}).options();
        assertThat(o.force() && o.dryRun()).isTrue();
        assertThat(o.blockSize()).isEqualTo(1024);
    }

    @Test
    void protoSource() throws Exception {
        assertThat(MkfsOptionParser.parse(new String[] {"-p", "tree/", "img"}).protoPath()).isEqualTo("tree/");
        assertThat(MkfsOptionParser.parse(new String[] {"-pproto.txt", "img"}).protoPath()).isEqualTo("proto.txt");
        assertThat(MkfsOptionParser.parse(new String[] {"img"}).protoPath()).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "-d size=100m, 104857600",
        "-d size=0x1000000, 16777216",
        "-d size=0100000000, 16777216",
        "-d size=32768s, 16777216",
        "-d size=4096b, 16777216",
        "-b size=1024 -d size=16384b, 16777216",
        "-d size=16M, 16777216",
        "-d size=1G, 1073741824",
        "-d size=2t, 2199023255552",
        "-d size=16777216, 16777216",
        "-d size=1p, 1125899906842624",
    })
    void sizeSuffixes(String opts, long bytes) throws Exception {
        assertThat(parse(opts + " img").options().dataSize()).isEqualTo(bytes);
    }

    @Test
    void cvtnum() {
        assertThat(Convert.cvtnum(4096, 512, "1e")).isEqualTo(1L << 60);
        assertThat(Convert.cvtnum(4096, 512, "3k")).isEqualTo(3072);
        assertThat(Convert.cvtnum(0, 512, "3b")).isEqualTo(Convert.CVTNUM_FAILED);
        assertThat(Convert.cvtnum(4096, 512, "3kb")).isEqualTo(Convert.CVTNUM_FAILED);
        assertThat(Convert.cvtnum(4096, 512, "x")).isEqualTo(Convert.CVTNUM_FAILED);
        assertThat(Convert.cvtnum(4096, 512, "3q")).isEqualTo(Convert.CVTNUM_FAILED);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-b size=3000 img|Invalid value 3000 for -b size option. Value must be a power of 2.",
        "-b size=256 img|Invalid value 256 for -b size option. Value is too small.",
        "-b size=128k img|Invalid value 128k for -b size option. Value is too large.",
        "-b size=4b img|Invalid value 4b for -b size option. Not a valid value or illegal suffix",
        "-b size= img|-b size option requires a value",
        "-b size=4096,size=4096 img|-b size option respecified",
        "-d agcount=4,agsize=32m img|Cannot specify both -d agcount and -d agsize",
        "-d agcount=4k img|Invalid value 4k for -d agcount option. Unit suffixes are not allowed.",
        "-d agcount=x img|Invalid value x for -d agcount option. Value not recognized as number.",
        "-d agcount=0 img|Invalid value 0 for -d agcount option. Value is too small.",
        "-d size=1000000 img|Invalid value 1000000 for -d size option. Value is too small.",
        "-d size=64m1 img|Invalid value 64m1 for -d size option. Not a valid value or illegal suffix",
        "-d agsize=2t img|Invalid value 2t for -d agsize option. Value is too large.",
        "-l size=1m img|Invalid value 1m for -l size option. Value is too small.",
        "-i size=768 img|Invalid value 768 for -i size option. Value must be a power of 2.",
        "-i size=256 img|Minimum inode size for CRCs is 512 bytes",
        "-i sparse=2 img|Invalid value 2 for -i sparse option. Value is too large.",
        "-z img|unknown option -z",
        "-m foo=1 img|unknown option -m foo=1",
        "-m crc=0 img|-m crc=0: V4 filesystems are not supported",
        "-m rmapbt=1 img|-m rmapbt=1: not supported",
        "-m rmapbt img|-m rmapbt=1: not supported",
        "-n ftype=0 img|Directory ftype field always enabled on CRC enabled filesystems",
        "-m finobt=0,inobtcount=1 img|inode btree counters not supported without finobt support",
        "-m uuid=nope img|Invalid value nope for -m uuid option",
        "-L 0123456789abc img|Invalid value 0123456789abc for -L option",
        "-d sunit=8 img|-d sunit=8: not supported",
        "-r size=1m img|-r size=1m: not supported",
        "img other|extra arguments",
        "-f|no device name given in argument list",
    })
    void errors(String line, String message) {
        assertThatThrownBy(() -> parse(line)).isInstanceOf(InvalidArgumentException.class).hasMessage(message);
    }

    @Test
    void featuresCanBeTurnedOff() throws Exception {
        MkfsOptions o = parse("-m crc=1,reflink=0,rmapbt=0,finobt=0 -i sparse=0 -n ftype=1 img").options();
        assertThat(o.crc() && o.ftype()).isTrue();
        assertThat(o.reflink() || o.rmapbt() || o.finobt() || o.sparse()).isFalse();
    }

    @Test
    void crcOneTurnsFtypeBackOn() throws Exception {
        // meta_opts_parser sets dirftype whenever crc=1 is parsed, so the later option wins.
        assertThat(parse("-n ftype=0 -m crc=1 img").options().ftype()).isTrue();
    }
}
