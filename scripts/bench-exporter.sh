#!/usr/bin/env bash
# scripts/bench-exporter.sh [RUNS] — the exporter's and export's costs, into the "exporter"
# section of docs/BENCHMARKS.md (as root, after scripts/setup.sh; a quiet host):
#   1. overhead: dd if=/dev/zero of=/dev/null bs=1 count=200000 (400k syscalls), bare, while
#      `sysray exporter` (system-wide) serves, with --sockets, and under `sysray count` (the same
#      in-kernel counting, for comparison); dd's own seconds, interleaved runs, medians, ratios
#      to bare; and build/workloads/udp_echo's round trips bare, under the exporter and with
#      --sockets (socket calls, which --sockets counts);
#   2. scrape latency with 11 000 series: a Python workload takes 1 000 comms and makes 10
#      other syscalls under each (prctl names it); then GET /metrics RUNS times: median ms and the response's size;
#   3. export: `trace --json` of dd bs=1 count=100000 converted to each format: MB/s of JSONL.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-lib.sh
RUNS=${1:-7}
SYSRAY=build/sysray
OUT=docs/BENCHMARKS.md
PORT=19464
TMP=$(mktemp -d)
exporter_pid=
cleanup() { [ -n "$exporter_pid" ] && kill "$exporter_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
die() { echo "bench-exporter: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root"
[ -x "$SYSRAY" ] || die "$SYSRAY missing: run scripts/setup.sh first"
DD=("$(command -v dd)" if=/dev/zero of=/dev/null bs=1 count=200000)
dd_seconds() { sed -n 's/.*copied, \([0-9.e-]*\) s,.*/\1/p' "$1" | tail -1; }

# http_get PATH: the body of http://127.0.0.1:PORT/PATH, or nothing (python3: no curl needed)
http_get() {
	python3 - "$PORT" "$1" <<'PY' 2>/dev/null
import sys, urllib.request
print(urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/{sys.argv[2]}", timeout=30).read().decode(), end="")
PY
}
start_exporter() {
	"$SYSRAY" exporter --listen "127.0.0.1:$PORT" "$@" 2>"$TMP/exporter.err" &
	exporter_pid=$!
	for _ in $(seq 100); do http_get healthz >/dev/null && return 0; sleep 0.1; done
	die "the exporter did not come up: $(cat "$TMP/exporter.err")"
}
stop_exporter() { kill "$exporter_pid"; wait "$exporter_pid" 2>/dev/null || true; exporter_pid=; }

# echo_seconds: the seconds of ECHO_TRIPS UDP round trips (udp_echo's own clock).
ECHO_TRIPS=50000
echo_seconds() { build/workloads/udp_echo "$ECHO_TRIPS" 3931 | sed -n 's/^round trips: [0-9]* in \([0-9.]*\) s$/\1/p'; }

# 1. overhead, interleaved: bare, exporter, exporter --sockets, count (dd); bare, exporter,
#    exporter --sockets (udp_echo: socket calls, which --sockets counts)
for r in $(seq "$RUNS"); do
	"${DD[@]}" 2>"$TMP/err"; dd_seconds "$TMP/err" >>"$TMP/bare"
	echo_seconds >>"$TMP/echo_bare"
	start_exporter
	"${DD[@]}" 2>"$TMP/err"; dd_seconds "$TMP/err" >>"$TMP/exporter"
	echo_seconds >>"$TMP/echo_exporter"
	stop_exporter
	start_exporter --sockets
	"${DD[@]}" 2>"$TMP/err"; dd_seconds "$TMP/err" >>"$TMP/exporter_sockets"
	echo_seconds >>"$TMP/echo_exporter_sockets"
	stop_exporter
	"$SYSRAY" count -o /dev/null -- "${DD[@]}" 2>"$TMP/err" >/dev/null; dd_seconds "$TMP/err" >>"$TMP/count"
	echo "bench-exporter: overhead run $r/$RUNS" >&2
done
bare=$(median <"$TMP/bare") exp=$(median <"$TMP/exporter") cnt=$(median <"$TMP/count")
exp_sockets=$(median <"$TMP/exporter_sockets")
echo_bare=$(median <"$TMP/echo_bare") echo_exp=$(median <"$TMP/echo_exporter")
echo_sockets=$(median <"$TMP/echo_exporter_sockets")

# 2. scrape latency with 10 000 series
start_exporter --max-series 20000
python3 - <<'PY'
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
PR_SET_NAME = 15
calls = [os.getppid, os.getpid, os.getuid, os.getgid, os.geteuid, os.getegid, os.getpgrp,
         os.sched_yield, os.times, lambda: os.umask(0o22)]
for i in range(1000):
    libc.prctl(PR_SET_NAME, f"bench{i:04d}".encode(), 0, 0, 0)
    for c in calls:
        c()
PY
http_get metrics >"$TMP/metrics"
series=$(grep -c '^sysray_syscalls_total{comm="bench' "$TMP/metrics" || true)
for _ in $(seq "$RUNS"); do
	python3 - "$PORT" <<'PY' >>"$TMP/scrape_ms"
import sys, time, urllib.request
t = time.monotonic()
urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/metrics", timeout=30).read()
print(f"{(time.monotonic() - t) * 1000:.1f}")
PY
done
stop_exporter
scrape=$(median <"$TMP/scrape_ms")
bytes=$(wc -c <"$TMP/metrics")
all_series=$(grep -c '^sysray_' "$TMP/metrics" || true)

# 3. export conversion speed
"$SYSRAY" trace --json -o "$TMP/trace.jsonl" -- "$(command -v dd)" if=/dev/zero of=/dev/null bs=1 count=100000 2>/dev/null
mb=$(awk -v b="$(wc -c <"$TMP/trace.jsonl")" 'BEGIN { printf "%.1f", b / 1e6 }')
events=$(wc -l <"$TMP/trace.jsonl")
export_rows=""
for fmt in firefox perfetto chrome folded speedscope; do
	: >"$TMP/export_s"
	for _ in 1 2 3; do
		/usr/bin/time -f "%e %M" -o "$TMP/time" "$SYSRAY" export --format "$fmt" -o "$TMP/out.$fmt" "$TMP/trace.jsonl" 2>/dev/null
		read -r s rss <"$TMP/time"
		echo "$s" >>"$TMP/export_s"
		echo "$rss" >"$TMP/export_rss"
	done
	s=$(median <"$TMP/export_s")
	rate=$(awk -v m="$mb" -v s="$s" 'BEGIN { if (s > 0) printf "%.0f", m / s; else print "-" }')
	export_rows+="| $fmt | $s | $rate | $(( $(cat "$TMP/export_rss") / 1024 )) | $(du -h "$TMP/out.$fmt" | cut -f1) |"$'\n'
done

section=$TMP/section.md
{
	echo "## The exporter and export"
	echo
	echo "Written by \`scripts/bench-exporter.sh $RUNS\` on $(date -u +%Y-%m-%d) ($(date -u +%H:%M) UTC)."
	host_line
	echo
	echo "**Overhead** on \`dd if=/dev/zero of=/dev/null bs=1 count=200000\` (dd's own seconds, medians"
	echo "of $RUNS interleaved runs): the exporter serves system-wide while dd runs; \`count\` keeps the"
	echo "same in-kernel counters for one process tree."
	echo
	echo "| case | dd s | ratio to bare |"
	echo "|---|---|---|"
	echo "| bare | $bare | 1.00 |"
	echo "| \`sysray exporter\` (system-wide) | $exp | $(ratio "$exp" "$bare") |"
	echo "| \`sysray exporter --sockets\` (system-wide) | $exp_sockets | $(ratio "$exp_sockets" "$bare") |"
	echo "| \`sysray count -- dd\` | $cnt | $(ratio "$cnt" "$bare") |"
	echo
	echo "**Overhead of \`--sockets\`** on socket calls: \`build/workloads/udp_echo $ECHO_TRIPS\` ($ECHO_TRIPS UDP"
	echo "round trips on 127.0.0.1, 4 socket calls each, every one counted by \`--sockets\`), the"
	echo "workload's own seconds for the round trips, medians of the same $RUNS interleaved runs:"
	echo
	echo "| case | round trips s | ratio to bare |"
	echo "|---|---|---|"
	echo "| bare | $echo_bare | 1.00 |"
	echo "| \`sysray exporter\` | $echo_exp | $(ratio "$echo_exp" "$echo_bare") |"
	echo "| \`sysray exporter --sockets\` | $echo_sockets | $(ratio "$echo_sockets" "$echo_bare") |"
	echo
	echo "**Scrape latency**: 1 000 comms, each making prctl (which names it) and 10 other syscalls: $series \`sysray_syscalls_total\` series of the"
	echo "workload ($all_series \`sysray_*\` lines in all, $bytes bytes): GET /metrics takes $scrape ms"
	echo "(median of $RUNS)."
	echo
	echo "**export**: \`trace --json\` of dd bs=1 count=100000, $mb MB, $events lines, converted by"
	echo "\`sysray export --format F\` (median of 3; peak RSS of the last run)."
	echo
	echo "| format | s | MB/s of JSONL | peak RSS MiB | output |"
	echo "|---|---|---|---|---|"
	printf '%s' "$export_rows"
} >"$section"
scripts/bench-section.sh "$OUT" exporter "$section"
cat "$section"
