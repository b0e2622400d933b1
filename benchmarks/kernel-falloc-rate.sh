#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# One kernel run of the PREALLOC workload, for kernel-vs-jxfs.sh and kernel-ratio.sh: xfs_io with 20,000
# `-c 'falloc 8k*i 4k'` arguments on a freshly made, loop-mounted 1 GiB image in WORKDIR. Prints falloc calls per
# second. Needs root (mount), xfsprogs and python3.
#   benchmarks/kernel-falloc-rate.sh WORKDIR
set -euo pipefail
. "$(dirname "$0")/kernel-lib.sh"
work=$1
mnt=$work/mnt
trap 'kl_cleanup "$mnt"; rm -f "$work/img" "$work/falloc.xio"' EXIT
kl_mkfs "$work/img"
kl_mount "$work/img" "$mnt"
python3 -c "for i in range(20000): print(f'falloc {i * 8192} 4096')" > "$work/falloc.xio"
s=$(kl_xfs_io_timed "$mnt/f" -f "$work/falloc.xio")
kl_umount "$mnt"
sync
python3 -c "print(round(20000 / $s))"
