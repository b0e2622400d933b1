#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# PREALLOC against the kernel in pairs a few seconds apart: one kernel run (xfs_io with 20,000
# `-c 'falloc 8k*i 4k'` arguments on a freshly made, loop-mounted 1 GiB image), then ROUNDS rounds of each jxfs
# PREALLOC workload in one JVM kept warm for the whole run (benchmarks/ab/PairedRounds.java), and the ratio of
# the two. The speed of these VMs drifts by 20-40% over minutes (docs/performance.md), which a ratio of rates
# measured seconds apart mostly cancels; kernel-vs-jxfs.sh compares JMH forks instead, minutes apart.
# Needs root (mount), xfsprogs, python3, and the installed jxfs jars (mvn -q -B install -DskipTests):
#   sudo benchmarks/kernel-ratio.sh [PAIRS] [ROUNDS]
set -euo pipefail
pairs=${1:-12}
rounds=${2:-8}
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/jxfs-kernel-ratio.XXXXXX)
mnt=$work/mnt
mkdir -p "$mnt"
cleanup() {
    if mountpoint -q "$mnt"; then umount "$mnt"; fi
    if [ -n "${JX_PID:-}" ]; then kill "$JX_PID" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

(cd "$top" && mvn -q -B dependency:build-classpath -pl xfs-fs -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$work/cp.txt" >/dev/null)
cp="$top/xfs-fs/target/classes:$top/xfs-bmap/target/classes:$top/xfs-core/target/classes:$(cat "$work/cp.txt")"
[ -d "$top/xfs-fs/target/classes" ] || { echo "kernel-ratio: build jxfs first (mvn -q -B install -DskipTests)" >&2; exit 1; }
javac -d "$work/classes" -cp "$cp" "$top/benchmarks/ab/PreallocRound.java" "$top/benchmarks/ab/PairedRounds.java"

kernel_rate() {  # one run: prints falloc calls per second
    "$top/benchmarks/kernel-falloc-rate.sh" "$work"
}

# The same JVM flags as BmapBenchmark's fork.
coproc JX { java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+UseParallelGC -XX:+UseTransparentHugePages \
    --add-opens java.base/java.lang.reflect=ALL-UNNAMED --add-exports java.base/sun.nio.ch=ALL-UNNAMED \
    --add-exports java.base/jdk.internal.ref=ALL-UNNAMED -Ddisable.perf.info=true \
    -Dchronicle.analytics.disable=true -cp "$work/classes:$cp" PairedRounds "$work/jx.img" 2>/dev/null; }
jxfs_rates() {  # $1 rounds: prints "fallocate bmapi" medians
    echo "$1" >&"${JX[1]}"
    local line
    read -r line <&"${JX[0]}"
    rm -f "$work/jx.img"
    sync
    echo "$line"
}
jxfs_rates 40 >/dev/null   # warm-up

printf '%-5s %-8s %-10s %-10s %-8s %-8s\n' pair kernel fallocate bmapi ratio ratio-bmapi
ratios=()
for p in $(seq "$pairs"); do
    k=$(kernel_rate)
    read -r f b <<<"$(jxfs_rates "$rounds")"
    r=$(echo "$f / $k" | bc -l)
    rb=$(echo "$b / $k" | bc -l)
    ratios+=("$r $rb")
    printf '%-5s %-8s %-10s %-10s %-8.2f %-8.2f\n' "$p" "$k" "$f" "$b" "$r" "$rb"
done
printf '%s\n' "${ratios[@]}" | python3 -c "
import sys, statistics
rows = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
for i, name in ((0, 'fallocate'), (1, 'bmap layer')):
    v = sorted(r[i] for r in rows)
    print(f'{name}: median {statistics.median(v):.2f}x, min {v[0]:.2f}x, max {v[-1]:.2f}x over {len(v)} pairs')
"
