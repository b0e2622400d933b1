#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# An xfs_io script of N commands (default 200,000: falloc, pwrite -q and fpunch in turn, 4-64 KiB at random
# block offsets of a 256 MiB file, seed 14) run end to end on both sides, commands on standard input:
#   jxfs:   ./jxfs io -f IMG /f < script            (JVM start, mount, every command, unmount: the whole process)
#   kernel: xfs_io -f mnt/f < script                 (on a loop mount of the same image; also timed with the umount
#                                                    that writes its dirty pages back, "kernel+umount")
# Both start from copies of one mkfs.xfs image (1 GiB, the minimal feature set jxfs makes). First one run of each,
# whose file contents (sha256 as the kernel reads them) and xfs_repair -n results must agree; then hyperfine.
# Needs root, xfsprogs, python3, hyperfine (apt-get install hyperfine).
#   sudo benchmarks/io-script-vs-xfsio.sh [N] [RUNS] [WARMUP RUNS]
set -euo pipefail
n=${1:-200000}
runs=${2:-5}
warmup=${3:-1}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/jxfs-io-script.XXXXXX)
mkdir -p "$work/mnt"
cleanup() {
  if mountpoint -q "$work/mnt"; then umount "$work/mnt"; fi
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
python3 - "$n" > script.xio <<'PY'
import random, sys
r = random.Random(14)
cmds = ("falloc", "pwrite -q", "fpunch")
for i in range(int(sys.argv[1])):
    print(cmds[i % 3], r.randrange(0, 65536) * 4096, r.randrange(1, 17) * 4096)
PY
truncate -s 1g template.img
mkfs.xfs -q -f -m crc=1,finobt=0,reflink=0,rmapbt=0,bigtime=0,inobtcount=0 -i sparse=0 template.img
"$repo/jxfs" --version > /dev/null 2>&1 || true     # builds the jar if sources changed, outside the timing

# one checked run of each
cp --sparse=always template.img j.img
"$repo/jxfs" io -f j.img /f < script.xio > j.out
cp --sparse=always template.img k.img
mount -o loop k.img mnt
xfs_io -f mnt/f < script.xio > k.out
umount mnt
sums() {  # sums IMG: sha256 and size of /f as the kernel reads it, then xfs_repair -n's exit status
  mount -o loop,ro "$1" mnt
  echo "$(sha256sum < mnt/f | cut -d' ' -f1) $(stat -c %s mnt/f)"
  umount mnt
  xfs_repair -n "$1" > /dev/null 2>&1 && echo "repair 0" || echo "repair $?"
}
js=$(sums j.img); ks=$(sums k.img)
echo "jxfs:   $js" | tr '\n' ' '; echo
echo "kernel: $ks" | tr '\n' ' '; echo
cmp -s j.out k.out || { echo "io-script-vs-xfsio: outputs differ" >&2; diff j.out k.out | head >&2; exit 1; }
[ "$js" = "$ks" ] || { echo "io-script-vs-xfsio: the files differ" >&2; exit 1; }

hyperfine --runs "$runs" --warmup "$warmup" --export-markdown "$work/result.md" \
  --prepare "sh -c 'mountpoint -q mnt && umount mnt; cp --sparse=always template.img j.img'" \
  -n jxfs "sh -c '$repo/jxfs io -f j.img /f < script.xio > /dev/null'" \
  --prepare "sh -c 'mountpoint -q mnt && umount mnt; cp --sparse=always template.img k.img; mount -o loop k.img mnt'" \
  -n kernel "sh -c 'xfs_io -f mnt/f < script.xio > /dev/null'" \
  --prepare "sh -c 'mountpoint -q mnt && umount mnt; cp --sparse=always template.img k.img; mount -o loop k.img mnt'" \
  -n kernel+umount "sh -c 'xfs_io -f mnt/f < script.xio > /dev/null; umount mnt'"
cat "$work/result.md"
