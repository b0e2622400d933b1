// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.jxfs.tools.io.IoTargetProvider;

class IoCommandTest {
    @Test
    void withoutAFilesystemLayerItSaysSoAndExitsOne() {
        // holds until xfs-fs registers its IoTargetProvider; then this test goes
        if (ServiceLoader.load(IoTargetProvider.class).findFirst().isPresent()) {
            return;
        }
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int rc;
        try {
            rc = JxfsMain.run("io", "-f", "-c", "falloc 0 1m", "-c", "bmap -vp", "demo.img", "/data");
        } finally {
            System.setErr(saved);
        }
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("io: the jxfs filesystem layer is not available in this build\n");
    }
}
