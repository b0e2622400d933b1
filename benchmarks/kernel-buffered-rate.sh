#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The kernel's side of BufferedIoBenchmark, on a freshly made 1 GiB image (mkfs.xfs defaults) on a loop device:
#   4k:  20,000 sequential 4 KiB buffered writes into a new file, timed by xfs_io itself (`pwrite -b 4k 0 80000k`
#        is one loop of write(2) calls; its "ops/sec" is the rate), as buffered4k;
#   seq: 256 MiB in 1 MiB buffered writes then fsync (writeback included), timed around the xfs_io process, in
#        MiB/s, as sequential.
# Prints one line per workload. Needs root (mount), xfsprogs and python3 (kernel-lib.sh).
#   benchmarks/kernel-buffered-rate.sh [WORKDIR]
set -euo pipefail
. "$(dirname "$0")/kernel-lib.sh"
work=$(mktemp -d "${1:-/tmp}/kbuf.XXXXXX")
mnt=$work/mnt
trap 'kl_cleanup "$mnt"; rm -rf "$work"' EXIT
kl_mkfs "$work/img"
kl_mount "$work/img" "$mnt"
xfs_io -f -c 'pwrite -b 4k 0 80000k' "$mnt/a" | sed -n 's/.*and \([0-9.]*\) ops\/sec.*/buffered4k \1 writes\/s/p'
python3 - "$mnt/b" <<'PY'
import subprocess, sys, time
t = time.perf_counter()
subprocess.run(['xfs_io', '-f', '-c', 'pwrite -q -b 1m 0 256m', '-c', 'fsync', sys.argv[1]], check=True)
print(f"sequential {256 / (time.perf_counter() - t):.1f} MiB/s")
PY
