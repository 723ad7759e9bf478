#!/bin/bash
# Measures sysray's overhead against the bare workload and against strace, perf trace and
# bpftrace, all in one run, and writes docs/BENCHMARKS.md.
#
# Workload: dd if=/dev/zero of=/dev/null bs=1 count=200000 (400k read/write syscalls).
# Metric: dd's own elapsed time (it prints "copied, X s"): the slowdown the traced program
# feels, without the tracers' start-up (bpftrace alone takes seconds to start). Start-up, time
# to first event and peak RSS are measured separately. Medians of RUNS runs (default 7).
#
# Usage: scripts/bench.sh [RUNS]     (as root, after scripts/setup.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-7}
SYSRAY=build/sysray
OUT=docs/BENCHMARKS.md
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# Full path: bpftrace -c refuses a name that matches two binaries (/bin/dd and /usr/bin/dd).
DD=("$(command -v dd)" if=/dev/zero of=/dev/null bs=1 count=200000)

[ "$(id -u)" = 0 ] || { echo "bench.sh: run as root" >&2; exit 1; }
for b in "$SYSRAY" build/sysray-floor-bench build/sysray-format-bench; do
  [ -x "$b" ] || { echo "bench.sh: $b missing: run scripts/setup.sh first" >&2; exit 1; }
done

# dd's self-reported seconds from a stderr capture
dd_seconds() { sed -n 's/.*copied, \([0-9.e-]*\) s,.*/\1/p' "$1" | tail -1; }
. scripts/bench-lib.sh  # median

# The cases: case_NAME runs dd once under one tool, dd's stderr going to stderr.
case_bare() { "${DD[@]}"; }
# The floor: what any tracer on the raw_syscalls tracepoints pays (tests/bench/floor_programs.bpf.c).
case_floor_empty() { build/sysray-floor-bench empty -- "${DD[@]}"; }
case_floor_clock() { build/sysray-floor-bench clock -- "${DD[@]}"; }
case_floor_copy() { build/sysray-floor-bench copy -- "${DD[@]}"; }
case_floor_clock_copy() { build/sysray-floor-bench clock+copy -- "${DD[@]}"; }
case_sysray_count() { "$SYSRAY" count -o "$TMP/count.txt" -- "${DD[@]}"; }
case_sysray_count_latency() { "$SYSRAY" count --latency -o "$TMP/count-latency.txt" -- "${DD[@]}"; }
case_sysray_trace() { "$SYSRAY" trace -o "$TMP/trace.txt" -- "${DD[@]}"; }
case_sysray_trace_T() { "$SYSRAY" trace -T -o "$TMP/trace-T.txt" -- "${DD[@]}"; }
case_strace() { strace -f -o /dev/null "${DD[@]}"; }
case_perf_trace() { perf trace -o /dev/null "${DD[@]}"; }
case_bpftrace() {
  bpftrace -e 'tracepoint:raw_syscalls:sys_enter /pid == cpid/ { @[args->id] = count(); }' -c "${DD[*]}"
}
CASES=(bare floor_empty floor_clock floor_copy floor_clock_copy sysray_count sysray_count_latency sysray_trace sysray_trace_T strace perf_trace bpftrace)

# run_once NAME: one run of case_NAME; appends dd's seconds to $TMP/NAME.samples and the
# events sysray reported lost ("sysray: lost N events" on stderr) to $TMP/NAME.lost.
run_once() {
  local name=$1
  "case_$name" 2>"$TMP/err" >/dev/null || true
  local s; s=$(dd_seconds "$TMP/err")
  [ -n "$s" ] || { echo "bench.sh: $name: dd printed no timing:" >&2; cat "$TMP/err" >&2; exit 1; }
  echo "$s" >>"$TMP/$name.samples"
  sed -n 's/^sysray: lost \([0-9]*\) events$/\1/p' "$TMP/err" >>"$TMP/$name.lost"
}

# Interleaved: run r of every case, then run r+1. The host's speed drifts over minutes (other
# guests on it); interleaving spreads a slow spell over all cases instead of landing on one.
for _ in $(seq "$RUNS"); do
  for name in "${CASES[@]}"; do run_once "$name"; done
done
for name in "${CASES[@]}"; do
  median <"$TMP/$name.samples" >"$TMP/$name.median"
  echo "$name: $(cat "$TMP/$name.median") s (runs: $(paste -sd' ' "$TMP/$name.samples"))" >&2
done
lost_sum() { awk '{ n += $1 } END { print n + 0 }' "$TMP/$1.lost"; }
trace_lines=$(wc -l < "$TMP/trace.txt")

# Lost events in a JSON trace (the stream reports them as {"type":"lost"}).
"$SYSRAY" trace --json -o "$TMP/trace.json" -- "${DD[@]}" 2>/dev/null
json_lost=$(sed -n 's/.*"type":"lost","count":\([0-9]*\).*/\1/p' "$TMP/trace.json" | awk '{ n += $1 } END { print n + 0 }')
json_lines=$(grep -c '"type":"syscall"' "$TMP/trace.json" || true)

# Start-up: from launching sysray to the first event (the command's execve, whose ts_ns is
# CLOCK_REALTIME), medians of RUNS; and the whole `sysray count -- true`.
startup() {
  local samples=()
  for _ in $(seq "$RUNS"); do
    local t0; t0=$(date +%s%N)
    "$SYSRAY" trace --json -e execve -o "$TMP/first.json" -- /bin/true
    local t1; t1=$(head -1 "$TMP/first.json" | sed 's/.*"ts_ns":\([0-9]*\).*/\1/')
    samples+=("$(( (t1 - t0) / 1000 ))")
  done
  printf '%s\n' "${samples[@]}" | median
}
first_event_us=$(startup)
whole_count_ms=$( { for _ in $(seq "$RUNS"); do
  t0=$(date +%s%N); "$SYSRAY" count -o /dev/null -- /bin/true; t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 )); done; } | median)
rss_trace=$( { /usr/bin/time -f '%M' "$SYSRAY" trace -o /dev/null -- "${DD[@]}" 2>&1 >/dev/null | tail -1; } )
rss_count=$( { /usr/bin/time -f '%M' "$SYSRAY" count -o /dev/null -- "${DD[@]}" 2>&1 >/dev/null | tail -1; } )

# Userspace cost per event: decode + format throughput on one CPU (tests/bench/format_throughput.cpp).
format_bench=$(build/sysray-format-bench | paste -sd' ' | sed 's/ lines\/s/ lines\/s,/; s/,$//')

ratio_to_bare() { ratio "$(cat "$TMP/$1.median")" "$(cat "$TMP/bare.median")"; }
kernel=$(uname -r)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
{
  echo "## Syscall overhead: \`${DD[*]}\` (400k syscalls)"
  echo
  echo "Written by \`scripts/bench.sh\` on $(date -u +%Y-%m-%d) ($(date -u +%H:%M) UTC)."
  echo "Machine: $(nproc) CPUs ($cpu), kernel $kernel, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM."
  echo
  echo "dd's own elapsed time (\"copied, X s\"), median of $RUNS runs, all measured in this one run, the cases interleaved (run 1 of each, then run 2, ...)."
  echo
  echo "| run | median s | ratio to bare |"
  echo "|---|---|---|"
  echo "| bare | $(cat "$TMP/bare.median") | 1.00 |"
  echo "| floor: empty tp_btf programs on sys_enter + sys_exit | $(cat "$TMP/floor_empty.median") | $(ratio_to_bare floor_empty) |"
  echo "| floor: + one \`bpf_ktime_get_ns()\` on each side | $(cat "$TMP/floor_clock.median") | $(ratio_to_bare floor_clock) |"
  echo "| floor: empty + one 1-byte \`bpf_probe_read_user()\` per read/write | $(cat "$TMP/floor_copy.median") | $(ratio_to_bare floor_copy) |"
  echo "| floor: clock on each side + the 1-byte copy | $(cat "$TMP/floor_clock_copy.median") | $(ratio_to_bare floor_clock_copy) |"
  echo "| \`sysray count -- dd\` (calls, errors, total/max time per syscall, in kernel) | $(cat "$TMP/sysray_count.median") | $(ratio_to_bare sysray_count) |"
  echo "| \`sysray count --latency -- dd\` (the same, and a log2 histogram of durations per syscall) | $(cat "$TMP/sysray_count_latency.median") | $(ratio_to_bare sysray_count_latency) |"
  echo "| \`sysray trace -o FILE -- dd\` (every syscall decoded to a file) | $(cat "$TMP/sysray_trace.median") | $(ratio_to_bare sysray_trace) |"
  echo "| \`sysray trace -T -o FILE -- dd\` (the same with durations: two clock reads per call) | $(cat "$TMP/sysray_trace_T.median") | $(ratio_to_bare sysray_trace_T) |"
  echo "| \`strace -f -o /dev/null dd\` | $(cat "$TMP/strace.median") | $(ratio_to_bare strace) |"
  echo "| \`perf trace -o /dev/null dd\` | $(cat "$TMP/perf_trace.median") | $(ratio_to_bare perf_trace) |"
  echo "| bpftrace counting raw_syscalls for dd | $(cat "$TMP/bpftrace.median") | $(ratio_to_bare bpftrace) |"
  echo
  echo "Targets on these 2-CPU machines: count ≤ 2.0x, trace to a file ≤ 2.5x with no lost events."
  echo
  echo "The *floor* rows are \`build/sysray-floor-bench\` (tests/bench/floor_programs.bpf.c): programs"
  echo "that do only what sysray cannot avoid, system-wide with no filter. \`count\` needs the clock on"
  echo "both sides (durations): its floor is the clock row. \`trace\` copies the one byte each read"
  echo "and write of dd moves (strace shows it) and, when no times are shown, reads no clock (a"
  echo "counter orders the stream): its floor is the copy row. \`trace -T\` reads the clock on both"
  echo "sides too: its floor is the clock + copy row."
  echo
  echo "- \`sysray trace -o FILE\`: $trace_lines lines in the last text run; events lost over all $RUNS runs: $(lost_sum sysray_trace)."
  echo "- \`sysray count\`: events lost over all $RUNS runs: $(lost_sum sysray_count)."
  echo "- \`sysray trace --json\`: $json_lines syscall objects, lost events reported: ${json_lost:-0}."
  echo
  echo "## Start-up and memory"
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| launch of \`sysray trace\` to its first event (the command's execve), median | ${first_event_us} µs |"
  echo "| whole \`sysray count -- /bin/true\` (load, attach, run, detach, print), median | ${whole_count_ms} ms |"
  echo "| peak RSS, \`sysray trace -o /dev/null -- dd ...\` | ${rss_trace} KiB |"
  echo "| peak RSS, \`sysray count -- dd ...\` | ${rss_count} KiB |"
  echo "| decode + format on one CPU (\`build/sysray-format-bench\`) | ${format_bench} |"
  echo
} > "$TMP/section.md"
scripts/bench-section.sh "$OUT" syscalls "$TMP/section.md"
echo "bench.sh: updated the syscalls section of $OUT" >&2
cat "$TMP/section.md"
