#!/usr/bin/env bash
# scripts/bench-stacks.sh [RUNS] [N] — what a user stack per call costs (issue 13's benchmark):
# the stack_loop workload (N getppid calls two functions deep, default 200000) bare, under
# `sysray trace -k`, under `perf trace --call-graph dwarf` and, on N/10 calls (it takes about
# 1 ms per call), under `strace -f -k`. Wall-clock seconds, medians of RUNS runs (default 3),
# ratios to the bare run in the same run; how many calls each tool recorded with a stack, what
# it lost, its peak RSS (the ring buffer's pages count in it). Writes the "stacks" section of
# docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
N=${2:-200000}
SYSRAY=build/sysray
LOOP=build/workloads/stack_loop
OUT=docs/BENCHMARKS.md
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
[ "$(id -u)" = 0 ] || { echo "bench-stacks.sh: run as root" >&2; exit 1; }
[ -x "$SYSRAY" ] && [ -x "$LOOP" ] || { echo "bench-stacks.sh: build first (scripts/setup.sh)" >&2; exit 1; }

. scripts/bench-lib.sh  # median
# wall NAME CMD...: seconds and peak RSS (KiB) of CMD, appended to $TMP/NAME.{s,rss}
wall() {
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$TMP/time" "$@" >/dev/null 2>"$TMP/$name.err" || true
  read -r s rss <"$TMP/time"
  echo "$s" >>"$TMP/$name.s"
  echo "$rss" >>"$TMP/$name.rss"
}
STRACE_N=$((N / 10))
for _ in $(seq "$RUNS"); do
  wall bare "$LOOP" "$N"
  wall bare_small "$LOOP" "$STRACE_N"
  wall sysray "$SYSRAY" trace -k -e getppid -o "$TMP/sysray.txt" -- "$LOOP" "$N"
  wall funccount_user "$SYSRAY" funccount --user -o "$TMP/funccount.txt" t:syscalls:sys_enter_getppid -- "$LOOP" "$N"
  wall perf perf trace --call-graph dwarf -e getppid -o "$TMP/perf.txt" -- "$LOOP" "$N"
  wall strace strace -f -k -e trace=getppid -o "$TMP/strace.txt" "$LOOP" "$STRACE_N"
done
# Calls recorded with a stack: a call line followed by frame lines.
# (An -o file is aligned as strace's: "getppid()     = 1234", "[pid N] " only with several.)
call='^(\[pid +[0-9]+\] )?getppid\(\) += '
sysray_calls=$(grep -cE "$call" "$TMP/sysray.txt" || true)
sysray_stacks=$(grep -A1 -E "$call" "$TMP/sysray.txt" | grep -c '^ > ' || true)
# The last run's losses: one stderr line per increase, each with that increase.
sysray_lost_stacks=$(sed -n 's/^sysray: lost \([0-9]*\) stacks.*/\1/p' "$TMP/sysray.err" | awk '{s+=$1} END {print s+0}')
sysray_lost_events=$(sed -n 's/^sysray: lost \([0-9]*\) events.*/\1/p' "$TMP/sysray.err" | awk '{s+=$1} END {print s+0}')
# funccount --user: the hits of the stacks shown with user frames ("  N hits:", kernel frames,
# then "     > /..." lines).
funccount_user=$(awk '/ hits:/ { n = $1 } /^     > \// { if (n) { s += n; n = 0 } } END { print s + 0 }' "$TMP/funccount.txt")
funccount_hits=$(awk '$1 == "syscalls:sys_enter_getppid" { print $2 }' "$TMP/funccount.txt")
perf_calls=$(grep -c 'getppid()' "$TMP/perf.txt" || true)
perf_lost=$(grep -o 'LOST [0-9]* events' "$TMP/perf.err" "$TMP/perf.txt" 2>/dev/null | awk '{s+=$2} END {print s+0}')
strace_stacks=$(grep -A1 '^[0-9]* *getppid()' "$TMP/strace.txt" | grep -c '^ > ' || true)
frames=$(awk '/getppid\(\) +=/{if (n) exit; n=1; next} n && /^ > /{print} n && !/^ > /{exit}' "$TMP/sysray.txt")

bare=$(median <"$TMP/bare.s"); bare_small=$(median <"$TMP/bare_small.s")
row() {  # name seconds base calls-recorded note
  local ratio; ratio=$(awk -v a="$2" -v b="$3" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
  printf '| %s | %s | %sx | %s | %s |\n' "$1" "$2" "$ratio" "$4" "$5"
}
section=$TMP/section.md
{
  echo "## Stacks: \`trace -k\` and \`funccount --user\` (scripts/bench-stacks.sh)"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) CPUs, $(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')."
  echo "\`stack_loop $N\`: $N getppid calls two functions deep (main → loop_outer → loop_inner →"
  echo "syscall(2) in glibc, which has no frame pointers). Wall-clock seconds, medians of $RUNS runs,"
  echo "ratios to the bare run of the same size in the same run. strace runs $STRACE_N calls (a tenth)."
  echo
  echo "| run | seconds | ratio | calls recorded with a stack | notes |"
  echo "| --- | --- | --- | --- | --- |"
  row "bare" "$bare" "$bare" "-" "peak RSS $(median <"$TMP/bare.rss") KiB"
  row "sysray trace -k" "$(median <"$TMP/sysray.s")" "$bare" "$sysray_stacks of $sysray_calls" "lost stacks $sysray_lost_stacks, lost calls $sysray_lost_events; peak RSS $(median <"$TMP/sysray.rss") KiB"
  row "sysray funccount --user t:syscalls:sys_enter_getppid" "$(median <"$TMP/funccount_user.s")" "$bare" "$funccount_user of $funccount_hits hits" "kernel and user stack per hit, counted per distinct pair; peak RSS $(median <"$TMP/funccount_user.rss") KiB"
  row "perf trace --call-graph dwarf" "$(median <"$TMP/perf.s")" "$bare" "$perf_calls (getppid lines in its output)" "LOST events reported: $perf_lost; peak RSS $(median <"$TMP/perf.rss") KiB"
  row "strace -f -k ($STRACE_N calls)" "$(median <"$TMP/strace.s")" "$bare_small" "$strace_stacks" "bare $STRACE_N calls: $bare_small s"
  echo
  echo "sysray's frames for the first call:"
  echo
  echo '```'
  echo "$frames"
  echo '```'
} >"$section"
cat "$section"
scripts/bench-section.sh "$OUT" stacks "$section"
