#!/usr/bin/env bash
# scripts/bench-sockets.sh [RUNS] — the overhead of `sysray sockets -p PID` on a loopback UDP echo
# workload (build/workloads/udp_echo: N round trips of 32 bytes), as a ratio to the bare run, per
# sockets backend, against `strace -f -e trace=network -p PID`. As root; not part of the tests.
#
# Method: scripts/vm/bench-sockets-guest.sh runs every case RUNS times (default 5) on this host,
# then again inside QEMU (scripts/vmtest.sh, TCG) on a kernel that has fentry and kprobes, with
# a much smaller N and fewer runs. The time is the workload's own, for the round trips only (the tracer attaches to
# its pid during a start-up sleep); this script takes medians and ratios to the bare case of
# the same machine and writes the "sockets" section of docs/BENCHMARKS.md (scripts/bench-section.sh).
#
# Environment: BENCH_N (default 200000), BENCH_VM_N (default 1000: under TCG a round trip takes
# about 4 ms bare), BENCH_VM_RUNS (default 3), BENCH_VM_KERNEL (default 6.12; "none" skips the
# guest), BENCH_VM_DELAY_MS (default 8000: attaching is slow under TCG), SYSRAY_VM_TIMEOUT
# (default 1800 s).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$REPO"
RUNS=${1:-5}
N=${BENCH_N:-200000}
VM_N=${BENCH_VM_N:-1000}
VM_RUNS=${BENCH_VM_RUNS:-3}
VM_KERNEL=${BENCH_VM_KERNEL:-6.12}
OUT=docs/BENCHMARKS.md
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
die() { echo "bench-sockets: error: $*" >&2; exit 1; }

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number"
[ "$(id -u)" = 0 ] || die "run as root"
for f in build/sysray build/workloads/udp_echo; do
	[ -x "$f" ] || die "$f missing: ninja -C build sysray workload_udp_echo"
done
command -v strace >/dev/null || die "strace missing (apt-get install strace)"
CASES=(bare sysray:syscalls sysray:fentry sysray:kprobe strace)

echo "bench-sockets: host, N=$N, $RUNS runs per case" >&2
sh scripts/vm/bench-sockets-guest.sh "$RUNS" "$N" "${CASES[@]}" | tee "$TMP/host.out" >&2
grep -q '^BENCH-DONE' "$TMP/host.out" || die "the host run did not finish"

if [ "$VM_KERNEL" != none ]; then
	echo "bench-sockets: guest $VM_KERNEL, N=$VM_N, $VM_RUNS runs per case" >&2
	if SYSRAY_VM_RESULTS=$TMP/vm scripts/vmtest.sh --kernel "$VM_KERNEL" \
		--timeout "${SYSRAY_VM_TIMEOUT:-1800}" --add "$(command -v strace)" \
		--files "build/sysray build/workloads/udp_echo scripts/vm/bench-sockets-guest.sh" \
		--env BENCH_DELAY_MS="${BENCH_VM_DELAY_MS:-8000}" \
		--cmd "sh /scripts/vm/bench-sockets-guest.sh $VM_RUNS $VM_N ${CASES[*]}" >"$TMP/vm.out" 2>&1 &&
		grep -q '^BENCH-DONE' "$TMP/vm.out"; then
		:
	else
		tail -n 20 "$TMP/vm.out" >&2
		echo "bench-sockets: the guest run failed; its section says so" >&2
	fi
fi

# The raw BENCH lines stay in build/bench-sockets/ (host.out, vm.out) for a second look.
mkdir -p build/bench-sockets
cp "$TMP"/*.out build/bench-sockets/

. scripts/bench-lib.sh  # median, ratio
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }

table() {  # OUTPUT_FILE: the markdown table of one machine's run
	local f=$1 c s bare refused late events lost
	bare=$(grep "^BENCH case=bare " "$f" | field s | median)
	echo "| case | median s | ratio to bare | events (one run) | lost (per run, max) |"
	echo "|---|---|---|---|---|"
	for c in "${CASES[@]}"; do
		refused=$(grep -F "BENCH-REFUSED case=$c " "$f" | sed 's/.* error=//; s/ *$//' || true)
		if [ -n "$refused" ]; then
			echo "| $c | - | - | - | not available on this kernel: ${refused//|/\\|} |"
			continue
		fi
		s=$(grep -F "BENCH case=$c " "$f" | field s | median)
		events=$(grep -F "BENCH-EVENTS case=$c " "$f" | field events || true)
		lost=$(grep -F "BENCH case=$c " "$f" | field lost | sort -g | tail -n 1)
		late=$(grep -cF "BENCH-LATE case=$c " "$f" || true)
		[ "$late" = 0 ] || lost="$lost ($late runs attached late)"
		echo "| $c | $s | $(ratio "$s" "$bare") | ${events:--} | ${lost:--} |"
	done
}

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
section=$TMP/section.md
{
	echo "## Socket tracing overhead"
	echo
	echo "Written by \`scripts/bench-sockets.sh $RUNS\` on $(date -u +%Y-%m-%d) ($(date -u +%H:%M) UTC)."
	echo "Host: $(nproc) CPUs ($cpu), kernel $(uname -r); $(strace -V | head -n 1)."
	echo
	echo "\`build/workloads/udp_echo N\`: the main thread does N round trips (sendto 32 bytes, recvfrom"
	echo "the echo) with a server thread on 127.0.0.1, about 4 socket syscalls per round trip, and prints"
	echo "the time of the round trips alone. Each tracer attaches with \`-p PID\` during the workload's"
	echo "start-up sleep (\`sysray sockets -p PID --backend B -o /dev/null\`, \`strace -f -e trace=network"
	echo "-o /dev/null -p PID\`), so that its start-up is not counted; medians of $RUNS runs, ratios to"
	echo "the bare run of the same machine. *events*: the socket events one more run printed with"
	echo "\`--json\`; *lost*: sysray's \"lost N events\"."
	echo
	echo "### Host: N = $N"
	echo
	table "$TMP/host.out"
	echo
	if [ "$VM_KERNEL" = none ]; then
		echo "The QEMU run (fentry and kprobe backends) was skipped (BENCH_VM_KERNEL=none)."
	elif ! grep -q '^BENCH-DONE' "$TMP/vm.out" 2>/dev/null; then
		echo "The QEMU run on $VM_KERNEL did not finish; no guest numbers."
	else
		echo "### QEMU guest: kernel $(sed -n 's/^BENCH-INFO kernel=\([^ ]*\).*/\1/p' "$TMP/vm.out"), N = $VM_N, $VM_RUNS runs"
		echo
		echo "TCG (no KVM), \`-smp ${SYSRAY_VM_SMP:-2}\`: absolute times are many times the real ones; read the ratios."
		echo
		table "$TMP/vm.out"
	fi
} >"$section"
# The text between <!-- sockets:begin --> and <!-- sockets:end -->; the rest of the file stays.
scripts/bench-section.sh "$OUT" sockets "$section"
echo "bench-sockets: updated the sockets section of $OUT" >&2
cat "$section"
