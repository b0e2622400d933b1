#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# DirectIoBenchmark's workloads against the kernel in pairs a few seconds apart, as kernel-ratio.sh does for
# PREALLOC: each pair is three kernel runs (kernel-dio-rate.sh: 20,000 O_DIRECT 4 KiB writes by one xfs_io process
# on a freshly made, loop-mounted 1 GiB image, into a preallocated file at stride 1 and at stride 2, and into holes
# at stride 2), then ROUNDS rounds of each jxfs workload in one JVM kept warm for the whole run
# (org.jxfs.bench.DioRounds: O_DIRECT into unwritten at stride 1 and 2, allocating DAX writes at stride 2), and the
# ratios. The issue's reference is the kernel's O_DIRECT rate into unwritten extents (`k-unw1`): both jxfs
# workloads are divided by it; the stride-2 and hole columns compare like with like. The speed of these VMs drifts
# by 20-40% over minutes (docs/performance.md), which ratios of rates taken seconds apart mostly cancel.
# The images of both sides live in /tmp (here ext4, 4 KiB pages in the page cache); with -H they live on a tmpfs
# with transparent huge pages (huge=always) that the script mounts for the run and unmounts after: every new
# page of the image costs both sides a page-cache page (jxfs's O_DIRECT data reaches the image as merged pwrites,
# its metadata and DAX data through a shared mapping), which is cheapest in 2 MiB pages (docs/performance.md).
# Needs root (losetup, mount), xfsprogs, python3 and the benchmarks jar (JXFS_BENCH_JAR names another copy, e.g.
# one taken before others rebuild benchmarks/target):
#   mvn -B -q -o package -DskipTests -pl benchmarks && sudo benchmarks/dio-ratio.sh [-H] [PAIRS] [ROUNDS]
set -euo pipefail
huge=
while getopts "H" o; do
    case $o in
        H) huge=1 ;;
        *) echo "usage: $0 [-H] [PAIRS] [ROUNDS]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
pairs=${1:-12}
rounds=${2:-5}
top=$(cd "$(dirname "$0")/.." && pwd)
jar=${JXFS_BENCH_JAR:-$top/benchmarks/target/benchmarks.jar}
[ -f "$jar" ] || { echo "dio-ratio: $jar missing: build the benchmarks first" >&2; exit 1; }
work=$(mktemp -d /tmp/jxfs-dio-ratio.XXXXXX)
images=$work
cleanup() {
    if [ -n "${JX_PID:-}" ]; then
        kill "$JX_PID" 2>/dev/null || true
        wait "$JX_PID" 2>/dev/null || true
    fi
    if mountpoint -q "$work/tmpfs"; then umount "$work/tmpfs"; fi
    rm -rf "$work"
}
trap cleanup EXIT
if [ -n "$huge" ]; then
    mkdir "$work/tmpfs"
    mount -t tmpfs -o size=4g,huge=always jxfs-dio-ratio "$work/tmpfs"
    images=$work/tmpfs
fi

kernel_rate() {  # $@: kernel-dio-rate.sh options; prints writes per second
    "$top/benchmarks/kernel-dio-rate.sh" "$@" "$images"
}

# The same JVM flags as DirectIoBenchmark's fork.
coproc JX { java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+UseParallelGC -XX:+UseTransparentHugePages \
    --add-opens java.base/java.lang.reflect=ALL-UNNAMED --add-exports java.base/sun.nio.ch=ALL-UNNAMED \
    --add-exports java.base/jdk.internal.ref=ALL-UNNAMED -Ddisable.perf.info=true \
    -Dchronicle.analytics.disable=true -cp "$jar" org.jxfs.bench.DioRounds "$images/jx.img" 2>/dev/null; }
jxfs_rates() {  # $1 rounds: prints the medians "unwritten1 unwritten2 dax"
    echo "$1" >&"${JX[1]}"
    local line
    read -r line <&"${JX[0]}"
    rm -f "$images/jx.img"
    sync
    echo "$line"
}
jxfs_rates 6 >/dev/null   # warm-up
echo "images in $images ($(stat -f -c %T "$images")${huge:+, huge=always}); $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"

printf '%-5s %-8s %-8s %-8s | %-9s %-9s %-9s | %-10s %-10s %-10s %-10s\n' pair k-unw1 k-unw2 k-holes \
    jx-unw1 jx-unw2 jx-dax unw1/k1 unw2/k2 dax/k1 dax/kholes
rows=()
for p in $(seq "$pairs"); do
    k1=$(kernel_rate -m unwritten -s 1)
    k2=$(kernel_rate -m unwritten -s 2)
    kh=$(kernel_rate -m holes -s 2)
    read -r u1 u2 dx <<<"$(jxfs_rates "$rounds")"
    row=$(python3 -c "import sys; k1,k2,kh,u1,u2,dx=map(float,sys.argv[1:]); print(u1/k1, u2/k2, dx/k1, dx/kh)" \
        "$k1" "$k2" "$kh" "$u1" "$u2" "$dx")
    rows+=("$row")
    read -r r1 r2 r3 r4 <<<"$row"
    printf '%-5s %-8s %-8s %-8s | %-9s %-9s %-9s | %-10.2f %-10.2f %-10.2f %-10.2f\n' "$p" "$k1" "$k2" "$kh" \
        "$u1" "$u2" "$dx" "$r1" "$r2" "$r3" "$r4"
done
printf '%s\n' "${rows[@]}" | python3 -c "
import sys, statistics
rows = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
names = ('dioIntoUnwritten (stride 1) / kernel O_DIRECT into unwritten (stride 1)',
         'dioIntoUnwritten (stride 2) / kernel O_DIRECT into unwritten (stride 2)',
         'daxAllocatingWrite / kernel O_DIRECT into unwritten (stride 1)',
         'daxAllocatingWrite / kernel allocating O_DIRECT (holes, stride 2)')
for i, name in enumerate(names):
    v = sorted(r[i] for r in rows)
    print(f'{name}: median {statistics.median(v):.2f}x, min {v[0]:.2f}x, max {v[-1]:.2f}x over {len(v)} pairs')
"
