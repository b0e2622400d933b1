#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Records the ten sets of this directory (README.md): record-all.sh FSX. Every fsx operation is on in each; the
# sets differ in seed, file and op size bounds, alignment, sync/flush/close-open behaviour and fill data.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fsx=$1
rec() { "$here/record.sh" "$fsx" "$here/$1" "${@:2}"; }
rec set-01 4101 -l 1m -o 128k -T
rec set-02 4102 -l 256k -o 64k -T
rec set-03 4103 -l 8m -o 512k -r 4096 -w 4096 -t 4096 -T
rec set-04 4104 -l 512k -o 64k -T
rec set-05 4105 -l 2m -o 64k -T
rec set-06 4106 -l 1m -o 128k -c 1000 -T
rec set-07 4107 -l 256k -o 32k -O -s 1 -T
rec set-08 4108 -l 1m -o 256k -r 4096 -w 4096 -t 4096 -T
rec set-09 4109 -l 2m -o 128k -g X -T
rec set-10 4110 -l 1m -o 64k -r 512 -w 512 -t 512 -T
