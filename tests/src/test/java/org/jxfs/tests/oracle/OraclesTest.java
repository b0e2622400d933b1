// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class OraclesTest {

  @Test
  void unmetRequirementSkipsOutsideCi() {
    assertThatThrownBy(() -> Oracles.gate(false, List.of("xfsprogs: missing xfs_db")))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("xfsprogs: missing xfs_db")
        .hasMessageContaining("skipped");
  }

  @Test
  void unmetRequirementFailsInCi() {
    assertThatThrownBy(() -> Oracles.gate(true, List.of("root: not running as root (effective uid 1000)")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("not running as root")
        .hasMessageContaining("CI=true");
  }

  @Test
  void metRequirementPasses() {
    assertThatCode(() -> Oracles.gate(true, List.of())).doesNotThrowAnyException();
  }

  @Test
  void requirementNames() {
    assertThat(Requirement.parse("kernel")).isEqualTo(Requirement.KERNEL);
    assertThat(Requirement.parse("XFSPROGS")).isEqualTo(Requirement.XFSPROGS);
    assertThat(Requirement.parse("loop")).isEqualTo(Requirement.LOOP_MOUNT);
    assertThat(Requirement.parse("loop-mount")).isEqualTo(Requirement.LOOP_MOUNT);
    assertThat(Requirement.parse("root")).isEqualTo(Requirement.ROOT);
    assertThatThrownBy(() -> Oracles.require("gpu")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gpu");
  }

  @Test
  void probesAgreeWithEachOther() {
    // whatever this machine has, KERNEL is available exactly when its parts are
    assertThat(Oracles.kernelAvailable()).isEqualTo(Oracles.xfsprogsAvailable() && Oracles.loopMountAvailable());
    if (Oracles.loopMountAvailable()) {
      assertThat(Oracles.isRoot()).isTrue();
    }
    assertThat(Oracles.isRoot()).isEqualTo(Oracles.effectiveUid() == 0);
  }
}
