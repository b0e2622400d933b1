#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# One kernel run of the direct-I/O write workloads of DirectIoBenchmark, for dio-ratio.sh: a freshly made 1 GiB
# image (mkfs.xfs defaults) on a loop device, a file set up by one xfs_io call (not timed), then N O_DIRECT 4 KiB
# writes at block STRIDE*i as `-c` arguments (kernel-lib.sh's kl_xfs_io_timed). Prints writes per second.
#   MODE unwritten: the file is preallocated first (`falloc 0 N*STRIDE*4k`), so every write lands in an unwritten
#                   extent and is converted when it completes (xfs_iomap_write_unwritten), as dioIntoUnwritten;
#   MODE holes:     the file is only sized (`truncate N*STRIDE*4k`), so every write allocates an unwritten extent
#                   (xfs_iomap_write_direct), writes and converts: the kernel's allocating O_DIRECT write.
# Needs root (mount), xfsprogs and python3.
#   benchmarks/kernel-dio-rate.sh [-m unwritten|holes] [-s STRIDE] [-n N] [WORKDIR]
set -euo pipefail
. "$(dirname "$0")/kernel-lib.sh"
mode=unwritten
stride=1
n=20000
while getopts "m:s:n:" o; do
    case $o in
        m) mode=$OPTARG ;;
        s) stride=$OPTARG ;;
        n) n=$OPTARG ;;
        *) echo "usage: $0 [-m unwritten|holes] [-s STRIDE] [-n N] [WORKDIR]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
case $mode in unwritten|holes) ;; *) echo "kernel-dio-rate: mode $mode: unwritten or holes" >&2; exit 2 ;; esac
work=$(mktemp -d "${1:-/tmp}/kdio.XXXXXX")
mnt=$work/mnt
trap 'kl_cleanup "$mnt"; rm -rf "$work"' EXIT
kl_mkfs "$work/img"
kl_mount "$work/img" "$mnt"
len=$((n * stride * 4096))
if [ "$mode" = unwritten ]; then
    xfs_io -f -c "falloc 0 $len" "$mnt/f"
else
    xfs_io -f -c "truncate $len" "$mnt/f"
fi
python3 -c "for i in range($n): print(f'pwrite -q {i * $stride * 4096} 4k')" > "$work/dio.xio"
s=$(kl_xfs_io_timed "$mnt/f" -d "$work/dio.xio")
kl_umount "$mnt"
python3 -c "print(round($n / $s))"
