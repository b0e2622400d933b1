// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.ILoggerFactory;
import org.junit.jupiter.api.Test;

/** The tools' logging: jxfs's warnings and errors reach stderr as one line each; the rest stays quiet. */
class KernelLogProviderTest {
    @Test
    void warningsOfJxfsReachStderrAndOthersStayQuiet() {
        ILoggerFactory f = new KernelLogProvider().getLoggerFactory();
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            f.getLogger("org.jxfs.iomap.IomapWriteDirect").warn("XFS ({}): zeroing blocks failed: error -{}",
                    "a.img", 5);
            f.getLogger("org.jxfs.core.mount.Mount").error("xfs_force_shutdown: {}", "cancelled a dirty transaction");
            f.getLogger("org.jxfs.bmap.Bmapi").info("not shown");
            f.getLogger("org.jxfs.bmap.Bmapi").trace("not shown");
            f.getLogger("net.openhft.chronicle.bytes.MappedFile").warn("not shown either");
        } finally {
            System.setErr(saved);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "XFS (a.img): zeroing blocks failed: error -5\nxfs_force_shutdown: cancelled a dirty transaction\n");
        assertThat(f.getLogger("org.jxfs.x").isWarnEnabled()).isTrue();
        assertThat(f.getLogger("org.jxfs.x").isInfoEnabled()).isFalse();
        assertThat(f.getLogger("net.openhft.x").isWarnEnabled()).isFalse();
        assertThat(f.getLogger("net.openhft.x").isErrorEnabled()).isTrue();
    }
}
