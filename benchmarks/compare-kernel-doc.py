# SPDX-License-Identifier: GPL-2.0-only
# Regenerates the tables of docs/performance.md between "<!-- compare-kernel:begin -->" and
# "<!-- compare-kernel:end -->" from one run of compare-kernel.sh (its CSVs), with the date and the machine.
#   python3 compare-kernel-doc.py compare-kernel.csv jmh.csv docs/performance.md ROUNDS SECONDS "LOADAVG" "START"
import csv, os, platform, re, subprocess, sys

pairs_csv, jmh_csv, doc, rounds, seconds, load, start = sys.argv[1:8]

def sh(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()

cpu = sh("lscpu | sed -n 's/^Model name: *//p'") or platform.processor()
ncpu = os.cpu_count()
mem = sh("free -g | awk '/Mem:/ {print $2}'")
java = sh("java -version 2>&1 | head -1")
xfsprogs = sh("mkfs.xfs -V")
def h(v):
    v = float(v)
    return f'{v:,.0f}' if v >= 100 else f'{v:.2f}'
busy = float(load.split()[0]) > 4
load_note = (f'**The machine was shared with other builds and tests during the run (load average {load} at its end, '
             f'on {ncpu} cores)**: absolute rates are low and noisy for both sides; the ratios, taken from pairs run '
             f'seconds apart, are the figures to quote.' if busy else
             f'Load average {load} at its end, on {ncpu} cores; the ratios, taken from pairs run seconds apart, are '
             f'the figures to quote.')
lines = [
    f'Measured {start} UTC by one run of `sudo benchmarks/compare-kernel.sh -u` '
    f'({rounds} pairs per workload, {seconds} s end to end). Machine: {ncpu} vCPUs ({cpu}), {mem} GiB RAM, '
    f'Linux {platform.release()}, {java}, {xfsprogs}; images on the ext4 scratch disk. ' + load_note,
    '',
    '| workload | kernel (median) | jxfs (median) | unit | jxfs / kernel | spread kernel / jxfs (min-max) |',
    '|---|---:|---:|---|---:|---|',
]
for r in csv.DictReader(open(pairs_csv)):
    one = ' (1 pair)' if r['kernel_min'] == r['kernel_max'] and r['jxfs_min'] == r['jxfs_max'] else ''
    lines.append(f"| {r['workload']}{one} | {h(r['kernel_median'])} | {h(r['jxfs_median'])} | {r['unit']} | "
                 f"{float(r['ratio']):.2f}x | {h(r['kernel_min'])}-{h(r['kernel_max'])} / "
                 f"{h(r['jxfs_min'])}-{h(r['jxfs_max'])} |")
lines += ['', '![jxfs / kernel ratios](compare-kernel-ratios.png)', '']
if os.path.exists(jmh_csv):
    lines += ['JMH headline benchmarks of the same run (`-f 1 -wi 1 -i 3`, 1 s iterations: short, so the error '
              'bars are wide):', '', '| benchmark | score | ± 99.9% | unit |', '|---|---:|---:|---|']
    for r in csv.DictReader(open(jmh_csv)):
        params = ' '.join(f'{k[7:-1]}={v}' for k, v in r.items() if k.startswith('Param: ') and v)
        name = r['Benchmark'].replace('org.jxfs.bench.', '') + (f' ({params})' if params else '')
        lines.append(f"| `{name}` | {float(r['Score']):,.1f} | {float(r['Score Error (99.9%)'] or 0):,.1f} | "
                     f"{r['Unit']} |")
text = open(doc).read()
block = '<!-- compare-kernel:begin -->\n' + '\n'.join(lines) + '\n<!-- compare-kernel:end -->'
new, n = re.subn(r'<!-- compare-kernel:begin -->.*?<!-- compare-kernel:end -->', lambda m: block, text, flags=re.S)
if n != 1:
    sys.exit(f'{doc}: no compare-kernel markers')
open(doc, 'w').write(new)
