#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Records one fsx op log on the kernel's XFS and writes the set this directory holds (README.md):
#   record.sh FSX OUTDIR SEED [FSX FLAGS...]
# FSX is fstests' fsx built by build-fsx.sh (kdave/xfstests ltp/fsx.c with LOGSIZE 1000000 and -T accepted).
# Two runs, each on a fresh 1 GiB image made as the README says, loop-mounted: the recording run
# (fsx -q -S SEED -N 100000 FLAGS --record-ops) and fsx's own replay of the log (--replay-ops), both timed.
# Needs root, losetup, mount, mkfs.xfs, xfs_repair, xfs_io, gzip.
set -euo pipefail
fsx=$(readlink -f "$1"); out=$(readlink -f -m "$2"); seed=$3; shift 3
numops=100000
mkfs_opts=(-m crc=1,finobt=0,reflink=0,rmapbt=0,bigtime=0,inobtcount=0 -i sparse=0)
work=$(mktemp -d -t fsx-record.XXXXXX)
loop=""
cleanup() {
  if mountpoint -q "$work/mnt" 2>/dev/null; then umount "$work/mnt" || true; fi
  if [ -n "$loop" ]; then losetup -d "$loop" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$out" "$work/mnt" "$work/rec" "$work/rep"
cd "$work"

fresh() {  # fresh IMG: a new image, loop-mounted on mnt
  truncate -s 1G "$1"
  mkfs.xfs -q -f "${mkfs_opts[@]}" "$1"
  loop=$(losetup -f --show "$1")
  mount -t xfs "$loop" mnt
}
finish() {  # finish PREFIX: remount, bmap/size/sha256 of the file, unmount, xfs_repair -n
  umount mnt; mount -t xfs "$loop" mnt
  xfs_io -c 'bmap -vp' mnt/fsxfile > "$1bmap.txt"
  stat -c %s mnt/fsxfile > "$1size"
  sha256sum < mnt/fsxfile | cut -d' ' -f1 > "$1sha256"
  stat -c %i mnt/fsxfile > "$1inode"
  umount mnt; losetup -d "$loop"; loop=""
  rc=0; xfs_repair -n "$2" > /dev/null 2>&1 || rc=$?
  echo "$rc" > "$1repair"
}
now() { date +%s.%N; }

fresh rec.img
t0=$(now)
"$fsx" -q -S "$seed" -N "$numops" "$@" -P rec --record-ops=ops.fsxops mnt/fsxfile > rec.out 2> rec.err \
  || { echo "record.sh: fsx failed:" >&2; head -20 rec.out rec.err >&2; exit 1; }
t1=$(now)
finish rec. rec.img

fresh rep.img
t2=$(now)
"$fsx" -q -S "$seed" "$@" -P rep --replay-ops=ops.fsxops mnt/fsxfile > rep.out 2> rep.err \
  || { echo "record.sh: fsx --replay-ops failed:" >&2; head -20 rep.out rep.err >&2; exit 1; }
t3=$(now)
finish rep. rep.img

flags="$*"
filldata=none
for ((i = 1; i <= $#; i++)); do
  a=${!i}; if [ "$a" = -g ]; then j=$((i + 1)); filldata=${!j}; fi
done
# fsx's default upper bound on the file size is 256 KiB; -l overrides it (fsx's own suffixes: k, m)
maxfilelen=262144
for ((i = 1; i <= $#; i++)); do
  a=${!i}; if [ "$a" = -l ]; then j=$((i + 1)); maxfilelen=$(numfmt --from=iec "${!j^^}"); fi
done
ops_lines=$(wc -l < ops.fsxops)
skip_lines=$(grep -c '^skip ' ops.fsxops || true)
sec() { echo "$2 - $1" | bc | sed 's/^\./0./'; }
{
  echo "command: fsx -q -S $seed -N $numops $flags -P rec --record-ops=ops.fsxops mnt/fsxfile"
  echo "replay_command: fsx -q -S $seed $flags -P rep --replay-ops=ops.fsxops mnt/fsxfile"
  echo "seed: $seed"
  echo "numops: $numops"
  echo "maxfilelen: $maxfilelen"
  echo "flags: $flags"
  echo "filldata: $filldata"
  echo "ops_lines: $ops_lines"
  echo "skip_lines: $skip_lines"
  echo "size: $(cat rec.size)"
  echo "sha256: $(cat rec.sha256)"
  echo "size_replay: $(cat rep.size)"
  echo "sha256_replay: $(cat rep.sha256)"
  echo "inode: $(cat rec.inode)"
  echo "file_path_in_fs: /fsxfile"
  echo "fsx_source: github kdave/xfstests ltp/fsx.c @ 63a29724a85f1999e49bf0a9bf0d22643b6116e5, two local patches: LOGSIZE 10000 -> 1000000 (else --record-ops keeps only the last 10000 ops) and T added to the getopt string (upstream documents -T but does not accept it); nothing else changed"
  echo "kernel: $(uname -r)"
  echo "xfsprogs: $(mkfs.xfs -V)"
  echo "mkfs: truncate -s 1G img; mkfs.xfs -f ${mkfs_opts[*]} img"
  echo "record_seconds: $(sec "$t0" "$t1")"
  echo "replay_seconds: $(sec "$t2" "$t3")"
  echo "xfs_repair_n_rc: record $(cat rec.repair), replay $(cat rep.repair)"
  if [ -s rec.err ]; then sed 's/^/fsx_stderr: /' rec.err; fi
} > "$out/meta.txt"
cp rec.bmap.txt "$out/bmap.txt"
cp rep.bmap.txt "$out/bmap.replay.txt"
gzip -9 -n -c ops.fsxops > "$out/ops.fsxops.gz"
[ "$(cat rec.repair)" = 0 ] && [ "$(cat rep.repair)" = 0 ] || { echo "record.sh: xfs_repair -n failed" >&2; exit 1; }
echo "record.sh: $out: $(cat rec.size) bytes, sha256 $(cat rec.sha256), record $(sec "$t0" "$t1") s, replay $(sec "$t2" "$t3") s"
