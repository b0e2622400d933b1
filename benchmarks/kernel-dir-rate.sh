#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The kernel's side of DirectoryBenchmark: on a freshly made, loop-mounted 1 GiB mkfs.xfs image in WORKDIR, one
# Python process creates the benchmark's 20,000 empty files (os.close(os.open(p, O_CREAT | O_WRONLY, 0o644))) in
# DIRS directories (1 or 100, file i in directory i % DIRS), then unlinks them in random order. Prints
# "create N unlink M" in operations per second. Needs root (mount), xfsprogs and python3.
#   benchmarks/kernel-dir-rate.sh WORKDIR DIRS
set -euo pipefail
. "$(dirname "$0")/kernel-lib.sh"
work=$1
dirs=$2
mnt=$work/mnt
trap 'kl_cleanup "$mnt"; rm -f "$work/img"' EXIT
kl_mkfs "$work/img"
kl_mount "$work/img" "$mnt"
python3 - "$mnt" "$dirs" <<'PY'
import os, random, sys, time
root, dirs = sys.argv[1], int(sys.argv[2])
files = 20000
for d in range(dirs):
    os.mkdir(f'{root}/d{d}')
paths = [f'{root}/d{i % dirs}/file-{i}' for i in range(files)]
# As jxfs's set-up does (CpuWarmup): 100 ms of work after mkfs and mount, so both start warm.
end = time.perf_counter() + 0.1
while time.perf_counter() < end:
    pass
t = time.perf_counter()
for p in paths:
    os.close(os.open(p, os.O_CREAT | os.O_WRONLY, 0o644))
create = files / (time.perf_counter() - t)
random.Random(16).shuffle(paths)
t = time.perf_counter()
for p in paths:
    os.unlink(p)
unlink = files / (time.perf_counter() - t)
print(f'create {round(create)} unlink {round(unlink)}')
PY
kl_umount "$mnt"
sync
