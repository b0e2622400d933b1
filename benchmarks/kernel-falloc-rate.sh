#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# One kernel run of the PREALLOC workload, for kernel-vs-jxfs.sh and kernel-ratio.sh: xfs_io with 20,000
# `-c 'falloc 8k*i 4k'` arguments on a freshly made, loop-mounted 1 GiB image in WORKDIR. Prints falloc calls per
# second. Needs root (mount), xfsprogs and python3.
#   benchmarks/kernel-falloc-rate.sh WORKDIR
set -euo pipefail
work=$1
mnt=$work/mnt
mkdir -p "$mnt"
trap 'if mountpoint -q "$mnt"; then umount "$mnt"; fi; rm -f "$work/img"' EXIT
rm -f "$work/img"
truncate -s 1G "$work/img"
mkfs.xfs -q -f "$work/img"
mount -o loop "$work/img" "$mnt"
python3 - "$mnt/f" <<'PY'
import subprocess, sys, time
args = ['xfs_io', '-f'] + [x for i in range(20000) for x in ('-c', f'falloc {i * 8192} 4096')] + [sys.argv[1]]
# As jxfs's set-up does (CpuWarmup): 100 ms of work after mkfs and mount waited for the disk, so both start warm.
end = time.perf_counter() + 0.1
while time.perf_counter() < end:
    pass
t = time.perf_counter()
subprocess.run(args, check=True)
print(round(20000 / (time.perf_counter() - t)))
PY
umount "$mnt"
rm -f "$work/img"
# Let the page cache finish writing the image back before anything else is timed: without this the next
# benchmark competed with the loop device's writeback and lost a third of its rate.
sync
