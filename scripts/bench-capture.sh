#!/usr/bin/env bash
# scripts/bench-capture.sh [RUNS] — `sysray capture` throughput: MiB/s of captured writes with
# zero loss. `dd if=/dev/zero bs=BS count=N` writes 256 MiB to its stdout (fd 1, /dev/null)
# bare and under `sysray capture --fd 1 -o FILE -- dd ...`; dd's own clock times the writes
# (not sysray's start-up); a run counts only when the capture file holds every byte and
# sysray said nothing on stderr (no loss). Medians of RUNS (default 5) per block size; writes
# the "capture" section of docs/BENCHMARKS.md. As root; not part of the tests.
# Environment: SYSRAY_BIN (default build/sysray), BENCH_MIB (default 256), BENCH_BUFFER (the
# ring, --buffer-size, default 64M), BENCH_DIR (default /tmp: the capture file's directory).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$REPO"
RUNS=${1:-5}
SYSRAY=${SYSRAY_BIN:-build/sysray}
MIB=${BENCH_MIB:-256}
BUFFER=${BENCH_BUFFER:-64M}
DIR=$(mktemp -d "${BENCH_DIR:-/tmp}/bench-capture.XXXXXX")
trap 'rm -rf "$DIR"' EXIT
die() { echo "bench-capture: error: $*" >&2; exit 1; }
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number"
[ "$(id -u)" = 0 ] || die "run as root"
[ -x "$SYSRAY" ] || die "$SYSRAY missing: ninja -C build sysray"

# dd's "copied, S s, ..." seconds → MiB/s
mibs() { awk -v mib="$MIB" '/copied/ { for (i = 1; i <= NF; i++) if ($(i+1) == "s,") s = $i } END { printf "%.0f", mib / s }'; }
. scripts/bench-lib.sh  # median

rows=""
for bs in 4K 64K 1M; do
	case $bs in 4K) count=$((MIB * 256)) ;; 64K) count=$((MIB * 16)) ;; 1M) count=$MIB ;; esac
	bare=() captured=() lost=0
	for _ in $(seq "$RUNS"); do
		bare+=("$(dd if=/dev/zero bs=$bs count=$count 2>&1 >/dev/null | mibs)")
		"$SYSRAY" capture --buffer-size "$BUFFER" --fd 1 -o "$DIR/out" -- sh -c "exec dd if=/dev/zero bs=$bs count=$count 2>'$DIR/dd.err'" \
			>/dev/null 2>"$DIR/sysray.err"
		size=$(stat -c %s "$DIR/out")
		if [ "$size" -ne $((MIB * 1048576)) ] || [ -s "$DIR/sysray.err" ]; then
			lost=$((lost + 1))
			echo "bench-capture: bs=$bs: $size of $((MIB * 1048576)) bytes; $(head -c 300 "$DIR/sysray.err")" >&2
			continue
		fi
		captured+=("$(mibs <"$DIR/dd.err")")
	done
	b=$(printf '%s\n' "${bare[@]}" | median)
	c=$( [ ${#captured[@]} -gt 0 ] && printf '%s\n' "${captured[@]}" | median || echo "-")
	echo "bench-capture: bs=$bs bare ${bare[*]} MiB/s; captured ${captured[*]:-none} MiB/s; runs with loss: $lost" >&2
	rows+="| $bs | $count | $b | $c | $lost of $RUNS |"$'\n'
done

section=$(mktemp)
trap 'rm -rf "$DIR" "$section"' EXIT
cat >"$section" <<SECTION
## capture: throughput with zero loss (scripts/bench-capture.sh)

Written by \`scripts/bench-capture.sh\` on $(date -u +%F) ($(date -u +%H:%M) UTC).
Machine: $(nproc) CPUs, kernel $(uname -r), load average $(cut -d" " -f1 /proc/loadavg) at the end (other builds share the host).

\`dd if=/dev/zero bs=BS count=N\` writes $MIB MiB to fd 1 (/dev/null), bare and under
\`sysray capture --buffer-size $BUFFER --fd 1 -o FILE\` (FILE on $(df --output=fstype "$DIR" | tail -1)); MiB/s by dd's own clock, median of $RUNS.
A captured run counts only with every byte in FILE and nothing on sysray's stderr (no loss).

| bs | writes | bare MiB/s | captured MiB/s | runs with loss |
|---|---|---|---|---|
${rows}
SECTION
scripts/bench-section.sh docs/BENCHMARKS.md capture "$section"
echo "bench-capture: wrote the capture section of docs/BENCHMARKS.md" >&2
