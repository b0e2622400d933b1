// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jxfs.tests.oracle.RequiresXfsprogs;
import org.jxfs.tests.oracle.TestDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fstests-style sweep of {@link FieldFuzz}: every field of every structure jxfs reads, fuzzed with each of
 * xfs_db's verbs with a good and a bad CRC, then a read-write run in jxfs, judged by xfs_repair -n before and after.
 * The normal build runs a deterministic sample (every 24th field of each structure, the {@code firstbit} verb,
 * both CRC modes); {@code -Pstress} runs every field with all eight verbs. The report (per
 * structure: how many cases ended how, and every case that is a finding or wrote on a corrupt image) goes to
 * {@code target/field-fuzz-report-STRIDE-VERBS.txt}; the test fails on any finding.
 */
@RequiresXfsprogs
class FieldFuzzTest {
  private static final int SAMPLE_STRIDE = 24;
  private static final List<String> SAMPLE_VERBS = List.of("firstbit");

  @Test
  @Timeout(value = 6, unit = TimeUnit.HOURS)
  void everyFieldOfEveryStructure() throws Exception {
    boolean stress = Boolean.getBoolean("jxfs.stress");
    // -Djxfs.fuzz.stride=N and -Djxfs.fuzz.verbs=a,b pick a sweep between the sample and the whole one
    int stride = Integer.getInteger("jxfs.fuzz.stride", stress ? 1 : SAMPLE_STRIDE);
    List<String> verbs = System.getProperty("jxfs.fuzz.verbs") != null
        ? List.of(System.getProperty("jxfs.fuzz.verbs").split(",")) : stress ? FieldFuzz.VERBS : SAMPLE_VERBS;
    Path dir = TestDirs.unique("field-fuzz");
    FieldFuzz fuzz = FieldFuzz.populated(dir);
    Map<String, EnumMap<FieldFuzz.Outcome, Integer>> counts = new LinkedHashMap<>();
    List<FieldFuzz.Result> listed = new ArrayList<>();
    int cases = 0;
    try {
      for (FieldFuzz.Target t : fuzz.targets()) {
        EnumMap<FieldFuzz.Outcome, Integer> per = new EnumMap<>(FieldFuzz.Outcome.class);
        counts.put(t.name(), per);
        List<String> fields = fuzz.fields(t);
        for (int i = 0; i < fields.size(); i++) {
          if (i % stride != 0) {
            continue;
          }
          for (String verb : verbs) {
            for (String mode : FieldFuzz.MODES) {
              FieldFuzz.Result r = fuzz.run(new FieldFuzz.Case(t, fields.get(i), verb, mode));
              cases++;
              per.merge(r.outcome(), 1, Integer::sum);
              if (r.outcome().finding() || r.outcome() == FieldFuzz.Outcome.WROTE_ON_CORRUPT) {
                listed.add(r);
              }
              if (r.outcome() == FieldFuzz.Outcome.HANG) {
                throw new AssertionError("jxfs hung: " + r.c() + "\n" + r.detail());
              }
            }
          }
        }
      }
    } finally {
      fuzz.close();
    }
    String report = report(stride + " " + verbs, cases, counts, listed);
    Files.writeString(Path.of("target", "field-fuzz-report-" + stride + "-" + String.join("-", verbs) + ".txt"),
        report);
    System.out.print(report);
    List<FieldFuzz.Result> findings = listed.stream().filter(r -> r.outcome().finding()).toList();
    assertThat(findings).as(report).isEmpty();
    assertThat(cases).isGreaterThan(stride == 1 ? 400 : 40);
    TestDirs.delete(dir);
  }

  private static String report(String sweep, int cases, Map<String, EnumMap<FieldFuzz.Outcome, Integer>> counts,
      List<FieldFuzz.Result> listed) {
    StringBuilder sb = new StringBuilder();
    sb.append("field fuzz (every ").append(sweep).append("): ").append(cases)
        .append(" cases\n");
    for (Map.Entry<String, EnumMap<FieldFuzz.Outcome, Integer>> e : counts.entrySet()) {
      sb.append(String.format("%-22s", e.getKey()));
      for (FieldFuzz.Outcome o : FieldFuzz.Outcome.values()) {
        sb.append(' ').append(o.name().toLowerCase()).append('=').append(e.getValue().getOrDefault(o, 0));
      }
      sb.append('\n');
    }
    for (FieldFuzz.Result r : listed) {
      sb.append(r.outcome()).append(": ").append(r.c()).append('\n').append(r.detail().strip()).append("\n\n");
    }
    return sb.toString();
  }
}
