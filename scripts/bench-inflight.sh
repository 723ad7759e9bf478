#!/usr/bin/env bash
# scripts/bench-inflight.sh [RUNS] — the cost of one `sysray inflight` snapshot of a process
# with 1 000 threads (build/workloads/many_threads: each asleep in nanosleep), text and JSON:
# wall time (median of RUNS, default 5), per thread, and sysray's peak RSS; then of a Go
# program with 10 000 goroutines (tests/bench/gomany, built here), and how much slower that
# program runs while snapshots are taken (its own rounds of fixed work, timed by itself).
# Writes the "inflight" section of docs/BENCHMARKS.md. As root, after scripts/setup.sh.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
BUILD=${SYSRAY_BUILD_DIR:-$REPO/build}
RUNS=${1:-5}
THREADS=1000
sysray=$BUILD/sysray

GOROUTINES=10000
. "$REPO/scripts/bench-lib.sh"  # median
tmp=$(mktemp -d)
out=$tmp/many_threads.out
"$BUILD/workloads/many_threads" "$THREADS" >"$out" &
target=$!
go_target=
trap 'kill $target $go_target 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do [ -s "$out" ] && break; sleep 0.1; done
[ -s "$out" ] || { echo "bench-inflight: many_threads did not start" >&2; exit 1; }
sleep 1

# median_run ARGS...: the median wall seconds and the largest peak RSS (KiB) of RUNS snapshots.
median_run() {
	local times=() rss=0 t r lines
	for _ in $(seq "$RUNS"); do
		read -r t r < <(/usr/bin/time -f '%e %M' "$sysray" inflight -p "$target" "$@" 2>&1 >/tmp/bench-inflight.out | tail -1)
		lines=$(grep -c '^thread \|"type":"thread"' /tmp/bench-inflight.out || true)
		[ "$lines" -eq $((THREADS + 1)) ] || { echo "bench-inflight: $lines threads in a snapshot, expected $((THREADS + 1))" >&2; exit 1; }
		times+=("$t")
		[ "$r" -gt "$rss" ] && rss=$r
	done
	printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")" "$rss"
}

read -r text_s text_rss < <(median_run)
read -r json_s json_rss < <(median_run --json)
per_thread_us() { awk -v s="$1" -v n=$((THREADS + 1)) 'BEGIN { printf "%.0f", s * 1e6 / n }'; }
kill "$target"

# The Go program: RUNS snapshots back to back, against the same span of time without any.
(cd "$REPO/tests/bench/gomany" && GOFLAGS=-mod=mod GOPROXY=off GOCACHE="$BUILD/go/cache" \
	GOPATH="$BUILD/go/path" go build -o "$tmp/gomany" .)
"$tmp/gomany" "$GOROUTINES" >"$tmp/gomany.out" &
go_target=$!
for _ in $(seq 100); do [ -s "$tmp/gomany.out" ] && break; sleep 0.1; done
sleep 2
rounds_since() { tail -n +"$(($1 + 1))" "$tmp/gomany.out" | head -n "$2" | sed -n 's/^round \([0-9.]*\) .*/\1/p'; }
lines() { wc -l <"$tmp/gomany.out"; }
l0=$(lines); start=$(date +%s.%N)
go_times=() go_rss=0
for _ in $(seq "$RUNS"); do
	read -r t r < <(/usr/bin/time -f '%e %M' "$sysray" inflight -p "$go_target" 2>&1 >"$tmp/go.out" | tail -1)
	n=$(grep -c '^goroutine ' "$tmp/go.out" || true)
	[ "$n" -ge "$GOROUTINES" ] || { echo "bench-inflight: $n goroutines in a snapshot, expected at least $GOROUTINES" >&2; exit 1; }
	go_times+=("$t")
	[ "$r" -gt "$go_rss" ] && go_rss=$r
done
l1=$(lines); span=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
sleep "$span"
l2=$(lines)
during=$(rounds_since "$l0" $((l1 - l0)) | median)
quiet=$(rounds_since "$l1" $((l2 - l1)) | median)
go_s=$(printf '%s\n' "${go_times[@]}" | median)
goroutines=$n

section=$(mktemp)
cat >"$section" <<EOT
## inflight: one snapshot of a process with $THREADS threads (scripts/bench-inflight.sh)

Written by \`scripts/bench-inflight.sh\` on $(date -u '+%Y-%m-%d (%H:%M UTC)').
Machine: $(nproc) CPUs, kernel $(uname -r).

\`sysray inflight -p PID\` on build/workloads/many_threads ($THREADS threads asleep in nanosleep,
plus its main thread), wall time of the whole command (loading the iterator, the snapshot,
reading each thread's stack memory, unwinding and naming its frames, writing), median of $RUNS:

| output | median s | per thread | peak RSS |
|---|---|---|---|
| text | $text_s | $(per_thread_us "$text_s") µs | $((text_rss / 1024)) MiB |
| --json | $json_s | $(per_thread_us "$json_s") µs | $((json_rss / 1024)) MiB |

The threads are never stopped: the task iterator reads the kernel's task structs, and the stack
memory comes through /proc/PID/mem.

A Go program with $GOROUTINES goroutines parked in chan receive (tests/bench/gomany; $goroutines
goroutines listed with the runtime's own), whose main goroutine times its own rounds of fixed
arithmetic: \`sysray inflight -p PID\` (threads and every goroutine with its stack, text),
median of $RUNS snapshots taken back to back: **$go_s s** ($(awk -v s="$go_s" -v n="$goroutines" 'BEGIN { printf "%.0f", s * 1e6 / n }') µs per goroutine), peak RSS
$((go_rss / 1024)) MiB. The program's round while snapshots were taken: $during ms (median),
against $quiet ms in the same span right after without any: $(ratio "$during" "$quiet")x. It is
never stopped: goroutines are read from its memory through /proc/PID/mem.
EOT
"$REPO/scripts/bench-section.sh" "$REPO/docs/BENCHMARKS.md" inflight "$section"
rm -f "$section"
cat "$REPO/docs/BENCHMARKS.md" | sed -n '/<!-- inflight:begin -->/,/<!-- inflight:end -->/p'
