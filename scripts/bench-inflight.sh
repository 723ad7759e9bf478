#!/usr/bin/env bash
# scripts/bench-inflight.sh [RUNS] — the cost of one `sysray inflight` snapshot of a process
# with 1 000 threads (build/workloads/many_threads: each asleep in nanosleep), text and JSON:
# wall time (median of RUNS, default 5), per thread, and sysray's peak RSS. Writes the
# "inflight" section of docs/BENCHMARKS.md. As root, after scripts/setup.sh.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
BUILD=${SYSRAY_BUILD_DIR:-$REPO/build}
RUNS=${1:-5}
THREADS=1000
sysray=$BUILD/sysray

out=$(mktemp)
"$BUILD/workloads/many_threads" "$THREADS" >"$out" &
target=$!
trap 'kill $target 2>/dev/null; rm -f "$out"' EXIT
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
memory comes through /proc/PID/mem. Not measured yet: the target's slowdown while a snapshot is
taken, and Go goroutines (not implemented).
EOT
"$REPO/scripts/bench-section.sh" "$REPO/docs/BENCHMARKS.md" inflight "$section"
rm -f "$section"
cat "$REPO/docs/BENCHMARKS.md" | sed -n '/<!-- inflight:begin -->/,/<!-- inflight:end -->/p'
