# SPDX-License-Identifier: GPL-2.0-only
#
# Shared by the scripts that run the kernel's XFS on a loop mount (compare-kernel.sh, kernel-falloc-rate.sh,
# kernel-dio-rate.sh, kernel-buffered-rate.sh, kernel-dir-rate.sh): sourced, not run. Needs root (mount),
# xfsprogs and python3. Every mount is the caller's own, under its work directory, and is undone by kl_cleanup.

# kl_mkfs IMG [SIZE]: a fresh sparse image formatted by mkfs.xfs with its defaults (1 GiB unless SIZE).
kl_mkfs() {
    rm -f "$1"
    truncate -s "${2:-1G}" "$1"
    TEST_DIR=1 TEST_DEV=1 QA_CHECK_FS=1 mkfs.xfs -q -f "$1"
}

# kl_mount IMG MNT / kl_umount MNT: a loop mount (the loop device goes with the unmount).
kl_mount() {
    mkdir -p "$2"
    mount -o loop "$1" "$2"
}
kl_umount() {
    if mountpoint -q "$1"; then umount "$1"; fi
}

# kl_cleanup MNT...: for an EXIT trap.
kl_cleanup() {
    local m
    for m in "$@"; do kl_umount "$m"; done
}

# kl_xfs_io_timed FILE FLAGS SCRIPT: runs the xfs_io commands of SCRIPT (one per line) on FILE as -c arguments
# (fed on standard input instead, xfs_io's line reader costs about 30 us a command and dominates), in as few
# xfs_io processes as ARG_MAX allows, after 100 ms of CPU work (as jxfs's CpuWarmup does, so both start warm).
# FLAGS: xfs_io's options (-f, -fd, ...). Prints the seconds the processes took, then syncs (so the image's
# writeback does not compete with what is timed next).
kl_xfs_io_timed() {
    python3 - "$1" "$2" "$3" <<'PY'
import subprocess, sys, time
path, flags, script = sys.argv[1], sys.argv[2], sys.argv[3]
cmds = [l.rstrip('\n') for l in open(script) if l.strip()]
chunks, cur, size = [], [], 0
for c in cmds:
    if size + len(c) + 8 > 1_000_000:
        chunks.append(cur); cur, size = [], 0
    cur.append(c); size += len(c) + 8
chunks.append(cur)
argvs = [['xfs_io'] + flags.split() + [x for c in ch for x in ('-c', c)] + [path] for ch in chunks]
end = time.perf_counter() + 0.1
while time.perf_counter() < end:
    pass
t = time.perf_counter()
for a in argvs:
    subprocess.run(a, check=True, stdout=subprocess.DEVNULL)
print(f'{time.perf_counter() - t:.6f}')
PY
    sync
}
