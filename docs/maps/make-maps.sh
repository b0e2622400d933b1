#!/usr/bin/env bash
# Regenerates the maps in docs/maps/ (run as root from the repository root: the kernel image needs a loop mount).
#   fresh.png       ./jxfs mkfs of 1 GiB, nothing written
#   bmap-model.png  the image xfs-bmap's BmapModelTest leaves (15,000 random prealloc/convert/unmap on one file)
#   kernel.png      mkfs.xfs defaults, files written by the kernel on a loop mount, /every-other highlighted
#   kernel-ag0.png  the same image, AG 0 alone (larger cells)
set -euo pipefail
out=docs/maps
work=$(mktemp -d /tmp/jxfs-maps.XXXXXX)
trap 'mountpoint -q "$work/mnt" && umount "$work/mnt"; rm -rf "$work"' EXIT

./jxfs mkfs -q -f -d size=1g "$work/fresh.img"
./jxfs map "$work/fresh.img" -o "$out/fresh.png"

mvn -B -q -o -pl xfs-bmap -am test -Dtest=BmapModelTest -Dsurefire.failIfNoSpecifiedTests=false >/dev/null
./jxfs map xfs-bmap/target/bmap-tests/bmap-model.img -o "$out/bmap-model.png"

truncate -s 1g "$work/kernel.img"
TEST_DIR=1 TEST_DEV=1 QA_CHECK_FS=1 mkfs.xfs -q -f "$work/kernel.img"
mkdir "$work/mnt"
mount -o loop "$work/kernel.img" "$work/mnt"
xfs_io -f -c 'falloc 0 40m' -c 'pwrite -q 0 8m' "$work/mnt/big"
python3 - "$work/mnt" <<'PY'
import os, sys
m = sys.argv[1]
fd = os.open(f'{m}/every-other', os.O_CREAT | os.O_WRONLY)
for i in range(3000):
    os.posix_fallocate(fd, i * 8192, 4096)       # one extent per call, a hole between
os.close(fd)
os.mkdir(f'{m}/d')
for i in range(2000):
    with open(f'{m}/d/file{i}', 'w') as f:
        f.write('x' * (i * 37 % 20000))
for i in range(0, 2000, 3):
    os.unlink(f'{m}/d/file{i}')                   # holes in the free space
for i in range(50):
    os.setxattr(f'{m}/big', f'user.a{i}', b'v' * 200)
PY
umount "$work/mnt"
./jxfs map "$work/kernel.img" -o "$out/kernel.png" --file /every-other
./jxfs map "$work/kernel.img" -o "$out/kernel-ag0.png" --ag 0 --file /every-other
