#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# PREALLOC against the kernel, interleaved: each round measures the kernel's fallocate rate (xfs_io with 20,000
# `-c 'falloc 8k*i 4k'` arguments on a freshly made, loop-mounted 1 GiB image, three runs) and then the jxfs
# BmapBenchmark PREALLOC benchmarks (one JMH fork each), and prints the ratio of each pair. The rounds are
# interleaved because the speed of these VMs drifts by 20-40% over minutes (docs/performance.md): rates taken at
# different times are not comparable. Needs root (mount), xfsprogs, python3, and the benchmarks jar:
#   mvn -q -B -pl benchmarks -am -DskipTests package && sudo benchmarks/kernel-vs-jxfs.sh [ROUNDS]
set -euo pipefail
rounds=${1:-3}
jar=benchmarks/target/benchmarks.jar
[ -f "$jar" ] || { echo "kernel-vs-jxfs: $jar missing: build the benchmarks first" >&2; exit 1; }
work=$(mktemp -d /tmp/jxfs-kernel-vs-jxfs.XXXXXX)
mnt=$work/mnt
mkdir -p "$mnt"
cleanup() {
    if mountpoint -q "$mnt"; then umount "$mnt"; fi
    rm -rf "$work"
}
trap cleanup EXIT

kernel_rate() {  # one run: prints falloc calls per second
    "$(dirname "$0")/kernel-falloc-rate.sh" "$work"
    sleep 2
}

jmh_score() {  # $1: benchmark method; prints its score (ops/s)
    java -jar "$jar" "BmapBenchmark\.$1\$" -f 1 -wi 5 -i 5 -rf csv -rff "$work/$1.csv" >/dev/null
    sync
    python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); print(round(float(r[0]['Score'])))" \
        "$work/$1.csv"
}

printf '%-6s %-24s %-10s %-10s %-14s %-14s\n' round kernel-runs kernel prealloc preallocBmapi ratios
for r in $(seq "$rounds"); do
    k=$(for i in 1 2 3; do kernel_rate; done | sort -n | tr '\n' ' ')
    kmed=$(echo "$k" | awk '{print $2}')
    p=$(jmh_score prealloc)
    b=$(jmh_score preallocBmapi)
    printf '%-6s %-24s %-10s %-10s %-14s %.1fx %.1fx\n' "$r" "$k" "$kmed" "$p" "$b" \
        "$(echo "$p / $kmed" | bc -l)" "$(echo "$b / $kmed" | bc -l)"
done
