#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# One kernel run of the direct-I/O write workloads of DirectIoBenchmark, for dio-ratio.sh: a freshly made 1 GiB
# image (mkfs.xfs defaults) on a loop device, a file set up by one xfs_io call (not timed), then N O_DIRECT 4 KiB
# writes at block STRIDE*i in one timed xfs_io process, as `-c` arguments (`xfs_io -d -c 'pwrite -q OFF 4k' ...`;
# fed on standard input instead, xfs_io's line reader costs about 30 us a command and dominates). Prints writes
# per second.
#   MODE unwritten: the file is preallocated first (`falloc 0 N*STRIDE*4k`), so every write lands in an unwritten
#                   extent and is converted when it completes (xfs_iomap_write_unwritten), as dioIntoUnwritten;
#   MODE holes:     the file is only sized (`truncate N*STRIDE*4k`), so every write allocates an unwritten extent
#                   (xfs_iomap_write_direct), writes and converts: the kernel's allocating O_DIRECT write.
# Needs root (losetup, mount), xfsprogs and python3. The loop device and the mount are this script's own and are
# undone on exit whatever happens.
#   benchmarks/kernel-dio-rate.sh [-m unwritten|holes] [-s STRIDE] [-n N] [WORKDIR]
set -euo pipefail
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
if [ $# -ge 1 ]; then
    work=$(mktemp -d "$1/kdio.XXXXXX")
else
    work=$(mktemp -d /tmp/jxfs-kernel-dio.XXXXXX)
fi
mnt=$work/mnt
img=$work/img
loop=
cleanup() {
    if mountpoint -q "$mnt"; then umount "$mnt"; fi
    if [ -n "$loop" ]; then losetup -d "$loop"; fi
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$mnt"
truncate -s 1G "$img"
mkfs.xfs -q -f "$img"
loop=$(losetup -f --show "$img")
mount "$loop" "$mnt"
len=$((n * stride * 4096))
if [ "$mode" = unwritten ]; then
    xfs_io -f -c "falloc 0 $len" "$mnt/f"
else
    xfs_io -f -c "truncate $len" "$mnt/f"
fi
python3 - "$mnt/f" "$n" "$stride" <<'PY'
import subprocess, sys, time
path, n, stride = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
args = ['xfs_io', '-d'] + [x for i in range(n) for x in ('-c', f'pwrite -q {i * stride * 4096} 4k')] + [path]
# As jxfs's set-up does (CpuWarmup): 100 ms of work after mkfs and mount waited for the disk, so both start warm.
end = time.perf_counter() + 0.1
while time.perf_counter() < end:
    pass
t = time.perf_counter()
subprocess.run(args, check=True)
print(round(n / (time.perf_counter() - t)))
PY
umount "$mnt"
losetup -d "$loop"
loop=
rm -f "$img"
# Let the page cache finish writing the image back before anything else is timed (kernel-falloc-rate.sh).
sync
