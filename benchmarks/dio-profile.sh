#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Where the time of DirectIoBenchmark's workloads goes: runs benchmarks/dio-ratio.sh's jxfs runner
# (org.jxfs.bench.DioRounds) under `perf record` (cpu-clock, call graphs, frame pointers, the JIT's symbol map
# written at exit) with the monotonic clock, has the runner log the time window of every timed part, and keeps only
# the samples inside the last ROUNDS windows of each workload: mkfs, mount, preallocation, the spin and the unmount's
# fsync are left out. Prints per workload: user/kernel split, inclusive shares of jxfs methods, the hottest
# self frames, and the kernel's share by entry (page fault, system call) with the jxfs frame it came from.
# Needs perf and the benchmarks jar (mvn -q -B -o package -DskipTests -pl benchmarks, or JXFS_BENCH_JAR); no root unless
# perf_event_paranoid asks for it. The image lives in a new directory under DIR (default /tmp), e.g. a tmpfs
# mounted with huge=always as dio-ratio.sh -H mounts one.
#   benchmarks/dio-profile.sh [-d DIR] [ROUNDS]
set -euo pipefail
dir=/tmp
while getopts "d:" o; do
    case $o in
        d) dir=$OPTARG ;;
        *) echo "usage: $0 [-d DIR] [ROUNDS]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
rounds=${1:-8}
top=$(cd "$(dirname "$0")/.." && pwd)
jar=${JXFS_BENCH_JAR:-$top/benchmarks/target/benchmarks.jar}
[ -f "$jar" ] || { echo "dio-profile: $jar missing: build the benchmarks first" >&2; exit 1; }
work=$(mktemp -d /tmp/jxfs-dio-profile.XXXXXX)
img=$(mktemp -d "$dir/jxfs-dio-profile-img.XXXXXX")
trap 'rm -rf "$work" "$img"' EXIT

printf '4\n%s\n' "$rounds" | perf record -q -k CLOCK_MONOTONIC -e cpu-clock -F 4999 -g -o "$work/perf.data" -- \
    java -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer \
    -Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+UseParallelGC -XX:+UseTransparentHugePages \
    --add-opens java.base/java.lang.reflect=ALL-UNNAMED --add-exports java.base/sun.nio.ch=ALL-UNNAMED \
    --add-exports java.base/jdk.internal.ref=ALL-UNNAMED -Ddisable.perf.info=true \
    -Dchronicle.analytics.disable=true -Djxfs.bench.windows="$work/windows" \
    -cp "$jar" org.jxfs.bench.DioRounds "$img/jx.img" >"$work/rates"
echo "medians (writes/s; unwritten1 unwritten2 dax): warm-up $(sed -n 1p "$work/rates"), profiled $(sed -n 2p "$work/rates")"
perf script -i "$work/perf.data" -F comm,tid,time,ip,sym,dso 2>/dev/null >"$work/script"
# The JVM's symbol map (-XX:+DumpPerfMapAtExit) is /tmp/perf-PID.map; perf has read it, so it goes too.
jpid=$(perf script -i "$work/perf.data" -F pid 2>/dev/null | awk 'NF && !p { p = $1 } END { print p }')
if [ -n "$jpid" ]; then rm -f "/tmp/perf-$jpid.map"; fi
python3 - "$work/windows" "$work/script" "$rounds" <<'PY'
import collections, re, sys
win_file, script, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
wins = collections.defaultdict(list)
for line in open(win_file):
    a, b, name = line.split()
    wins[name].append((float(a), float(b)))
spans = sorted((a, b, n) for n, w in wins.items() for (a, b) in w[-rounds:])

def window(t):
    for a, b, n in spans:
        if a <= t <= b:
            return n
    return None

def frames():
    head, stack = None, []
    for line in open(script, errors='replace'):
        if not line.strip():
            if head:
                yield head, stack
            head, stack = None, []
        elif line[0] not in ' \t':
            head = line
        else:
            parts = line.strip().split(' ', 1)
            sym = parts[1] if len(parts) > 1 else '?'
            stack.append(sym.rsplit(' (', 1))
    if head:
        yield head, stack

def short(sym):
    m = re.match(r'^[\w.<>\[\]$, ]*? ?([\w$]+\.)*?([\w$]+)\.([\w$<>]+)\(', sym)
    if m:
        return f'{m.group(2)}.{m.group(3)}'
    return sym.split('(')[0][:60]

per = collections.defaultdict(lambda: {'n': 0, 'main': 0, 'kernel': 0, 'thread': collections.Counter(),
                                       'self': collections.Counter(), 'incl': collections.Counter(),
                                       'kentry': collections.Counter()})
main_tid = None
for head, stack in frames():
    m = re.match(r'^(.*?)\s+(\d+)\s+([\d.]+):', head)
    if not m:
        continue
    comm, tid, t = m.group(1).strip(), int(m.group(2)), float(m.group(3))
    name = window(t)
    if name is None or not stack:
        continue
    p = per[name]
    p['n'] += 1
    if main_tid is None and comm == 'java':
        main_tid = tid
    p['thread'][comm if tid != main_tid else 'main'] += 1
    if tid != main_tid:
        continue
    p['main'] += 1
    syms = [s[0] for s in stack]
    dsos = [s[1] if len(s) > 1 else '' for s in stack]
    kernel = 'kernel.kallsyms' in dsos[0]
    p['self'][('[k] ' if kernel else '') + short(syms[0])] += 1
    seen = set()
    for s in syms:
        if 'org.jxfs' in s or 'net.openhft' in s:
            k = short(s)
            if k not in seen:
                seen.add(k)
                p['incl'][k] += 1
    if kernel:
        p['kernel'] += 1
        kfr = [s for s, d in zip(syms, dsos) if 'kernel.kallsyms' in d]
        entry = kfr[-1]
        key = next((s for s in kfr if s in ('filemap_fault', 'do_wp_page', 'wp_page_shared', 'do_page_mkwrite',
                                            'ext4_page_mkwrite', 'do_anonymous_page', 'balance_dirty_pages',
                                            'do_fault', 'schedule')), '')
        caller = next((short(s) for s in syms if 'org.jxfs' in s or 'net.openhft' in s), '?')
        p['kentry'][f'{entry} {key} <- {caller}'] += 1

for name in ('unwritten1', 'unwritten2', 'dax'):
    p = per.get(name)
    if not p or not p['main']:
        continue
    n, mn = p['n'], p['main']
    print(f'\n== {name}: {n} samples in the timed windows; main thread {mn} ({100*mn/n:.0f}%), others: '
          + ', '.join(f'{k} {100*v/n:.0f}%' for k, v in p['thread'].most_common() if k != 'main'))
    print(f'   main thread: kernel {100*p["kernel"]/mn:.1f}%, user {100*(mn-p["kernel"])/mn:.1f}%')
    print('   inclusive (main thread):')
    for k, v in p['incl'].most_common(28):
        print(f'     {100*v/mn:5.1f}%  {k}')
    print('   self (main thread):')
    for k, v in p['self'].most_common(15):
        print(f'     {100*v/mn:5.1f}%  {k}')
    print('   kernel by entry, cause and the jxfs frame below it (main thread):')
    for k, v in p['kentry'].most_common(10):
        print(f'     {100*v/mn:5.1f}%  {k}')
PY
