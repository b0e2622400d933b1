#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Compares the PREALLOC rate of two or more revisions in one JVM, rounds alternating between them
# (benchmarks/ab/Interleave.java): how this project checks that a change to the hot path is worth keeping.
#   benchmarks/ab-builds.sh [-r ROUNDS] [-m 0|1|2] REV... (mode 0: bmap layer, 1: XfsFile.fallocate, 2: CONVERT; e.g. HEAD~1 HEAD)
# Each revision is built in a worktree under target/ab/; the run order of the revisions is what you give, so
# compare both orders before trusting a difference of a few percent.
set -euo pipefail
rounds=60
mode=0
while getopts "r:m:" o; do
    case $o in
        r) rounds=$OPTARG ;;
        m) mode=$OPTARG ;;
        *) echo "usage: $0 [-r ROUNDS] [-m 0|1|2] REV..." >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: $0 [-r ROUNDS] [-m 0|1|2] REV..." >&2; exit 2; }
top=$(git rev-parse --show-toplevel)
out=$top/target/ab
mkdir -p "$out"
dirs=()
for rev in "$@"; do
    sha=$(git rev-parse --short "$rev")
    dir=$out/$sha
    if [ ! -f "$dir/xfs-fs.jar" ]; then
        rm -rf "$out/wt-$sha"
        git worktree add -q --detach "$out/wt-$sha" "$sha"
        (cd "$out/wt-$sha" && mvn -q -B package -DskipTests -pl xfs-fs -am)
        mkdir -p "$dir"
        for m in xfs-core xfs-bmap xfs-fs; do
            cp "$out/wt-$sha/$m/target/$m-0.1.0-SNAPSHOT.jar" "$dir/$m.jar"
        done
        git worktree remove --force "$out/wt-$sha"
    fi
    dirs+=("$dir")
done
# Third-party jars (chronicle, fastutil...) from the current tree's xfs-fs classpath, without jxfs's own.
(cd "$top" && mvn -q -B dependency:build-classpath -pl xfs-fs -Dmdep.includeScope=runtime -Dmdep.outputFile="$out/cp.txt" >/dev/null)
deps=$(tr ':' '\n' < "$out/cp.txt" | grep -v '/org/jxfs/' | paste -sd:)
runner=$out/runner
mkdir -p "$runner"
javac -d "$runner" -cp "${dirs[0]}/xfs-core.jar:${dirs[0]}/xfs-bmap.jar:${dirs[0]}/xfs-fs.jar:$deps" \
    "$top/benchmarks/ab/PreallocRound.java"
javac -d "$out/harness" "$top/benchmarks/ab/Interleave.java"
java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -XX:+UseParallelGC -XX:+UseTransparentHugePages \
    --add-opens java.base/java.lang.reflect=ALL-UNNAMED --add-exports java.base/sun.nio.ch=ALL-UNNAMED \
    --add-exports java.base/jdk.internal.ref=ALL-UNNAMED -Ddisable.perf.info=true -Dchronicle.analytics.disable=true \
    -cp "$out/harness:$deps" Interleave "$rounds" "$mode" "$runner" "${dirs[@]}" 2>&1 | grep -v -e '^SLF4J' -e 'INFO net.openhft'
