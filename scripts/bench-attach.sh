#!/usr/bin/env bash
# scripts/bench-attach.sh [RUNS] — how long attaching and detaching kernel-function probes takes:
# sysray funccount with each backend against bpftrace's kprobe: and kfunc: forms, for 'udp_*'
# and 'tcp_*', inside QEMU on each kernel of scripts/vmtest.sh (6.1 and 6.12; the development
# machines' kernel has neither kprobes nor fentry). Not part of the tests.
#
# Method: scripts/vm/bench-attach-guest.sh runs in the guest (one boot per kernel), RUNS times
# per tool and pattern (default 3); this script takes the medians and writes them, with ratios
# to bpftrace's kprobe: form measured in the same guest, into the "attach" section of
# docs/BENCHMARKS.md (scripts/bench-section.sh: the rest of the file, scripts/bench.sh's syscall
# section included, is left alone). Under TCG (no KVM) the absolute times are
# many times the real ones; ratios within one boot are what to read.
#
# Environment: SYSRAY_VM_KERNELS (default "6.1 6.12"), SYSRAY_VM_MEM (default 4G here: bpftrace
# and its LLVM libraries live in the initramfs), SYSRAY_VM_TIMEOUT (default 3000 s per kernel).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$REPO"
RUNS=${1:-3}
OUT=docs/BENCHMARKS.md
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
die() { echo "bench-attach: error: $*" >&2; exit 1; }

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number"
[ -x build/sysray ] || die "build/sysray missing: run scripts/setup.sh first"
BPFTRACE=$(command -v bpftrace) || die "bpftrace missing (apt-get install bpftrace)"
read -ra kernels <<<"${SYSRAY_VM_KERNELS:-6.1 6.12}"

# One vmtest run per kernel, so that each kernel's lines are known to be its own.
for k in "${kernels[@]}"; do
	echo "bench-attach: kernel $k ($RUNS runs per case)" >&2
	SYSRAY_VM_MEM=${SYSRAY_VM_MEM:-4G} SYSRAY_VM_RESULTS=$TMP/vm-$k \
		scripts/vmtest.sh --kernel "$k" --timeout "${SYSRAY_VM_TIMEOUT:-3000}" \
		--files "build/sysray scripts/vm/bench-attach-guest.sh" --add "$BPFTRACE" \
		--cmd "sh /scripts/vm/bench-attach-guest.sh $RUNS" | tee "$TMP/$k.out" >&2 ||
		die "the guest run on $k failed (log: above)"
	grep -q '^BENCH-DONE' "$TMP/$k.out" || die "the guest run on $k did not finish"
done

# field NAME LINE -> the value of NAME=VALUE in a BENCH line (values have no spaces)
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
. scripts/bench-lib.sh  # median, ratio

table() {  # KERNEL: the markdown table of one kernel
	local k=$1 pattern tool lines a d n sa sd ref_a ref_d refused
	local out=$TMP/$k.out
	echo "### Kernel $(sed -n 's/^BENCH-INFO kernel=\([^ ]*\).*/\1/p' "$out")"
	echo
	sed -n 's/^BENCH-INFO \(bpftrace.*\)/- \1/p' "$out"
	echo
	echo "| pattern | tool | functions attached | start+attach s | detach+exit s | ratio attach / bpftrace kprobe | ratio detach / bpftrace kprobe | sysray's own attach ms / detach ms |"
	echo "|---|---|---|---|---|---|---|---|"
	for pattern in 'udp_*' 'tcp_*'; do
		lines=$(grep -F "BENCH tool=bpftrace:kprobe pattern=$pattern " "$out" || true)
		ref_a=$(while read -r l; do [ -n "$l" ] && field attach_s "$l"; done <<<"$lines" | median)
		ref_d=$(while read -r l; do [ -n "$l" ] && field detach_s "$l"; done <<<"$lines" | median)
		for tool in sysray:kprobe-multi sysray:fentry sysray:kprobe sysray:auto bpftrace:kprobe bpftrace:kfunc; do
			refused=$(grep -F "BENCH-REFUSED tool=$tool pattern=$pattern " "$out" | sed 's/.* error=//' || true)
			if [ -n "$refused" ]; then
				echo "| \`$pattern\` | $tool | - | - | - | - | - | refused: ${refused//|/\\|} |"
				continue
			fi
			lines=$(grep -F "BENCH tool=$tool pattern=$pattern " "$out" || true)
			[ -n "$lines" ] || { echo "| \`$pattern\` | $tool | - | - | - | - | - | no result |"; continue; }
			get() { while read -r l; do field "$1" "$l"; done <<<"$lines" | median; }
			a=$(get attach_s) d=$(get detach_s) n=$(get functions) sa=$(get sysray_attach_ms) sd=$(get sysray_detach_ms)
			echo "| \`$pattern\` | $tool | $n | $a | $d | $(ratio "$a" "$ref_a") | $(ratio "$d" "$ref_d") | $([ "$sa" = - ] && echo - || echo "$sa / $sd") |"
		done
	done
	echo
}

section=$TMP/section.md
{
	echo "## Attaching kernel functions"
	echo
	echo "Written by \`scripts/bench-attach.sh $RUNS\` on $(date -u +%Y-%m-%d) ($(date -u +%H:%M) UTC)."
	echo "Host: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)),"
	echo "each guest: QEMU TCG (no KVM), \`-cpu max -smp ${SYSRAY_VM_SMP:-2} -m ${SYSRAY_VM_MEM:-4G}\`, Debian cloud kernels."
	echo
	echo "Each run: \`sysray funccount -v --backend B PATTERN -- /bin/cat /proc/uptime\`, and bpftrace"
	echo "\`-e 'kprobe:PATTERN { @[func] = count(); }' -c '/bin/cat /proc/uptime'\` (one kprobe_multi link"
	echo "where the kernel has it) and \`kfunc:PATTERN { @[probe] = count(); }\` (bpftrace 0.17 refuses \`func\`"
	echo "in kfunc probes). Both tools start the command only once every probe is attached, so"
	echo "*start+attach* is launch to the command's uptime (start-up, pattern resolution, compile or"
	echo "load, attach) and *detach+exit* is the command's uptime to the tool's exit (detach, print, exit);"
	echo "10 ms resolution, medians of $RUNS runs. Ratios are to bpftrace's \`kprobe:\` form in the same boot"
	echo "(below 1: sysray is faster). sysray's own figures come from its \`-v\` lines (\"attached in X ms\":"
	echo "load and attach only; \"detached ... in Y ms\"). *functions attached*: sysray's \"counting N"
	echo "functions\"; for bpftrace, what \`bpftrace -l\` lists for the probe (its \"Attaching N probes\""
	echo "counts a kprobe_multi wildcard as one). TCG makes every absolute time many times longer than"
	echo "on hardware; compare within a table."
	echo
	for k in "${kernels[@]}"; do table "$k"; done
} >"$section"
# The text between <!-- attach:begin --> and <!-- attach:end -->; the rest of the file stays.
scripts/bench-section.sh "$OUT" attach "$section"
echo "bench-attach: updated the attach section of $OUT" >&2
cat "$section"
