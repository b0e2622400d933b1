#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# jxfs against the kernel in one command. For each standard workload, ROUNDS pairs run back to back: the kernel
# (mkfs.xfs, or xfs_io on a loop mount of a 1 GiB image mkfs.xfs made) then jxfs on an identical copy of the image
# (the same xfs_io commands through jxfs's interpreter, in one JVM kept warm for the whole run: KernelPairDriver),
# alternating as kernel-ratio.sh does, because these VMs drift by 20-40% over minutes. Prints one line per
# workload: the medians, the spread (min-max) and the ratio jxfs/kernel of the median rates (above 1: jxfs faster).
# Then the JMH headline benchmarks (short runs). Writes OUT/compare-kernel.csv, OUT/jmh.csv, OUT/ratios.png (the
# ratios as bars) and, with -u, regenerates the tables of docs/performance.md between its compare-kernel markers.
# Needs root (mount), xfsprogs, python3 and the benchmarks jar (built here when missing).
#   sudo benchmarks/compare-kernel.sh [-r ROUNDS] [-o OUT] [-u] [-J]      (-J: skip JMH)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
. "$here/kernel-lib.sh"
rounds=3
out=$top/benchmarks/target/compare-kernel
update=0
jmh=1
while getopts "r:o:uJ" o; do
    case $o in
        r) rounds=$OPTARG ;;
        o) out=$OPTARG ;;
        u) update=1 ;;
        J) jmh=0 ;;
        *) echo "usage: $0 [-r ROUNDS] [-o OUT] [-u] [-J]" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" = 0 ] || { echo "compare-kernel: needs root (loop mounts)" >&2; exit 1; }
jar=$top/benchmarks/target/benchmarks.jar
if [ ! -f "$jar" ] || [ -n "$(find "$top" -path "$top/*/target" -prune -o -name '*.java' -newer "$jar" -print -quit)" ]; then
    echo "compare-kernel: building $jar" >&2
    (cd "$top" && mvn -q -o -B -pl benchmarks -am -DskipTests package >&2)
fi
mkdir -p "$out"
work=$(mktemp -d /tmp/jxfs-compare.XXXXXX)
mnt=$work/mnt
cleanup() {
    kl_cleanup "$mnt"
    if [ -n "${DRV_PID:-}" ]; then kill "$DRV_PID" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
started=$(date +%s)
jvm=(java -Xms1g -Xmx1g -XX:+UseParallelGC --add-opens java.base/java.lang.reflect=ALL-UNNAMED
     --add-exports java.base/sun.nio.ch=ALL-UNNAMED --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
     -Ddisable.perf.info=true -Dchronicle.analytics.disable=true)
coproc DRV { "${jvm[@]}" -cp "$jar" org.jxfs.bench.KernelPairDriver 2>"$work/driver.err"; }
drv() {  # one request to the jxfs driver: prints its seconds
    echo "$*" >&"${DRV[1]}"
    local line
    read -r line <&"${DRV[0]}"
    case $line in error*) echo "compare-kernel: jxfs: $line" >&2; return 1 ;; esac
    echo "$line"
}

# The workloads' xfs_io scripts: one command per line, the same for both sides.
python3 - "$work" <<'PY'
import random, sys
w = sys.argv[1]
def put(name, lines):
    with open(f'{w}/{name}.xio', 'w') as f:
        f.write('\n'.join(lines) + '\n')
n = 20000
put('falloc', [f'falloc {i * 8192} 4096' for i in range(n)])
put('fpunch-setup', [f'falloc 0 {n * 8192}'])
put('fpunch', [f'fpunch {i * 8192} 4096' for i in range(n)])
put('dio-setup', [f'falloc 0 {n * 4096}'])
put('dio', [f'pwrite -q {i * 4096} 4k' for i in range(n)])
put('buffered', [f'pwrite -q {i * 4096} 4k' for i in range(n)])
nf = 5000
put('faults-setup', [f'truncate {nf * 4096}'])
put('faults', [f'mmap -w 0 {nf * 4096}'] + [f'mwrite -S 0x5a {i * 4096} 4096' for i in range(nf)] + ['munmap'])
r = random.Random(17)
mixed, span = [], 16384          # 64 MiB in 4 KiB blocks
for _ in range(200000):
    k = r.random()
    off = r.randrange(span) * 4096
    ln = r.randint(1, 16) * 4096
    if k < 0.30:
        mixed.append(f'pwrite -q {off} {ln}')
    elif k < 0.50:
        mixed.append(f'pread -q {off} {ln}')
    elif k < 0.70:
        mixed.append(f'falloc {off} {ln}')
    elif k < 0.85:
        mixed.append(f'fpunch {off} {ln}')
    elif k < 0.97:
        mixed.append(f'fzero {off} {ln}')
    else:
        mixed.append(f'truncate {off + ln}')
put('mixed', mixed)
PY

kl_mkfs "$work/template.img"
csv=$out/compare-kernel.csv
echo "workload,ops,unit,kernel_median,kernel_min,kernel_max,jxfs_median,jxfs_min,jxfs_max,ratio" > "$csv"
printf '%-34s %12s %12s %9s  %s\n' workload kernel jxfs ratio "spread (kernel | jxfs, min-max)"

# pair NAME OPS UNIT KERNEL-FUNC JXFS-FUNC [ROUNDS]: pairs, each function printing seconds; rates are OPS/seconds.
pair() {
    local name=$1 ops=$2 unit=$3 kf=$4 jf=$5 n=${6:-$rounds} k=() j=() i
    for i in $(seq "$n"); do
        k+=("$($kf)")
        j+=("$($jf)")
    done
    python3 - "$csv" "$name" "$ops" "$unit" "${k[*]}" "${j[*]}" <<'PY'
import statistics, sys
csvfile, name, ops, unit = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
k = sorted(ops / float(s) for s in sys.argv[5].split())
j = sorted(ops / float(s) for s in sys.argv[6].split())
km, jm = statistics.median(k), statistics.median(j)
with open(csvfile, 'a', newline='') as f:
    w = __import__('csv').writer(f)
    w.writerow([name, int(ops), unit] + [f'{v:.2f}' for v in (km, k[0], k[-1], jm, j[0], j[-1])] + [f'{jm / km:.3f}'])
def h(v): return f'{v:,.0f}' if v >= 100 else f'{v:.2f}'
print(f'{name:<34} {h(km):>12} {h(jm):>12} {jm / km:>8.2f}x  {unit}: {h(k[0])}-{h(k[-1])} | {h(j[0])}-{h(j[-1])}')
PY
}

# A kernel io run: a copy of the template image, mounted, the set-up untimed, the script timed.
k_io() {  # FLAGS SETUP SCRIPT
    cp --sparse=always "$work/template.img" "$work/k.img"
    kl_mount "$work/k.img" "$mnt"
    if [ "$2" != - ]; then kl_xfs_io_timed "$mnt/f" "-f" "$work/$2.xio" >/dev/null; fi
    kl_xfs_io_timed "$mnt/f" "$1" "$work/$3.xio"
    kl_umount "$mnt"
    rm -f "$work/k.img"
}
j_io() {  # FLAGS SETUP SCRIPT
    cp --sparse=always "$work/template.img" "$work/j.img"
    local setup=-
    if [ "$2" != - ]; then setup=$work/$2.xio; fi
    drv io "$work/j.img" /f "$(echo "$1" | tr -d -)" "$setup" "$work/$3.xio"
    rm -f "$work/j.img"
    sync
}
minimal="-m crc=1,finobt=0,reflink=0,rmapbt=0,bigtime=0,inobtcount=0 -i sparse=0 -n ftype=1"
k_mkfs() {  # SIZE
    rm -f "$work/m.img"; truncate -s "$1" "$work/m.img"
    python3 -c "
import subprocess, sys, time
t = time.perf_counter()
subprocess.run(['mkfs.xfs', '-q', '-f'] + sys.argv[2].split() + [sys.argv[1]], check=True,
               env={'TEST_DIR': '1', 'TEST_DEV': '1', 'QA_CHECK_FS': '1', 'PATH': '/usr/sbin:/usr/bin:/sbin:/bin'})
print(f'{time.perf_counter() - t:.6f}')" "$work/m.img" "$minimal"
    rm -f "$work/m.img"; sync
}
j_mkfs() { drv mkfs "$work/m.img" "$1"; rm -f "$work/m.img"; sync; }

# Warm-up of the JVM: one untimed round of the two busiest workloads.
j_io -f - falloc >/dev/null

pair "mkfs 1 GiB" 1 mkfs/s "k_mkfs 1073741824" "j_mkfs 1073741824"
pair "mkfs 16 TiB - 1 MiB (sparse)" 1 mkfs/s "k_mkfs 17592185044992" "j_mkfs 17592185044992"
pair "falloc 4 KiB, every other block" 20000 calls/s "k_io -f - falloc" "j_io -f - falloc"
pair "fpunch 4 KiB, every other block" 20000 calls/s "k_io -f fpunch-setup fpunch" "j_io -f fpunch-setup fpunch"
pair "O_DIRECT 4 KiB into unwritten" 20000 writes/s "k_io -fd dio-setup dio" "j_io -fd dio-setup dio"
pair "buffered 4 KiB writes" 20000 writes/s "k_io -f - buffered" "j_io -f - buffered"
pair "mmap write faults, sparse file" 5000 faults/s "k_io -f faults-setup faults" "j_io -f faults-setup faults"
# The mixed script takes about a minute a pair under load: one pair, to stay within ten minutes.
pair "mixed script, 200,000 commands" 200000 cmds/s "k_io -f - mixed" "j_io -f - mixed" 1

if [ "$jmh" = 1 ]; then
    java -jar "$jar" 'BmapBenchmark\.(prealloc|convert)$|AllocBenchmark\.extentAllocFree|DaxBenchmark\.(clearBlocks|setMemory)$|IextBenchmark\.lookupRandom$' \
        -f 1 -wi 1 -i 3 -w 1s -r 1s -jvmArgsAppend "${jvm[*]:1}" -rf csv -rff "$out/jmh.csv" >"$work/jmh.log" 2>&1 \
        || { echo "compare-kernel: JMH failed:" >&2; tail -20 "$work/jmh.log" >&2; exit 1; }
    if grep -q '<failure>' "$work/jmh.log"; then
        echo "compare-kernel: a JMH benchmark failed:" >&2; grep -A5 '<failure>' "$work/jmh.log" >&2; exit 1
    fi
    # IextBenchmark's set-up prints the in-core extent tree's bytes per extent.
    grep -o '\[iext\].*' "$work/jmh.log" | sort -u | tee "$out/iext-bytes.txt" || true
    python3 - "$out/jmh.csv" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    params = ' '.join(f'{k[7:-1]}={v}' for k, v in r.items() if k.startswith('Param: ') and v)
    name = r['Benchmark'].replace('org.jxfs.bench.', '') + (f' [{params}]' if params else '')
    print(f'JMH {name:<60} {float(r["Score"]):>14,.1f} ± {float(r["Score Error (99.9%)"] or 0):,.1f} {r["Unit"]}')
PY
fi
"${jvm[@]}" -cp "$jar" org.jxfs.bench.RatioChart "$csv" "$out/ratios.png"
load=$(cut -d' ' -f1-3 /proc/loadavg)
elapsed=$(( $(date +%s) - started ))
echo "wrote $csv, $out/ratios.png; ${elapsed} s; load average at the end $load"
if [ "$update" = 1 ]; then
    cp "$out/ratios.png" "$top/docs/compare-kernel-ratios.png"
    python3 "$here/compare-kernel-doc.py" "$csv" "$out/jmh.csv" "$top/docs/performance.md" "$rounds" "$elapsed" "$load" \
        "$(date -u -d "@$started" '+%Y-%m-%d %H:%M')"
fi
