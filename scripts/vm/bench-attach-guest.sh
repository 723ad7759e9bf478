#!/bin/sh
# scripts/vm/bench-attach-guest.sh RUNS — the guest half of scripts/bench-attach.sh, run by
# scripts/vmtest.sh under busybox sh. For each pattern and each tool it runs RUNS times
#   TOOL ... PATTERN -- /bin/cat /proc/uptime   (bpftrace: -e 'kprobe:PATTERN { @[func] = count(); }'
#                                               -c ..., and kfunc:PATTERN with @[probe])
# Both sysray funccount and bpftrace -c start the command only once every probe is attached and
# end once it has exited, so from the guest's uptime (10 ms ticks) taken around the run and the
# one the command prints:
#   attach_s = command's uptime - start   (start-up, resolving the pattern, loading, attaching)
#   detach_s = end - command's uptime     (detaching, printing the counts, exiting)
# and prints one line per run on stdout for the host half to parse:
#   BENCH tool=T pattern=P run=I rc=RC attach_s=A detach_s=D functions=N sysray_attach_ms=X sysray_detach_ms=Y
# plus "BENCH-REFUSED tool=T pattern=P error=..." when the tool cannot run here at all, and
# "BENCH-INFO ..." lines describing the guest.
set -u
RUNS=${1:-3}
SYSRAY=${SYSRAY_BIN:-/build/sysray}
TMP=/tmp/bench-attach
mkdir -p "$TMP"

uptime_s() { read -r up _ </proc/uptime; echo "$up"; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

echo "BENCH-INFO kernel=$(uname -r) cpus=$(grep -c ^processor /proc/cpuinfo)"
echo "BENCH-INFO bpftrace=$(bpftrace --version 2>&1 | head -n 1)"
# bpftrace's own view of the kernel: whether it can use kprobe_multi for a wildcard
bpftrace --info 2>&1 | grep -iE 'kprobe_multi|kfunc|fentry' | sed 's/^[[:space:]]*/BENCH-INFO bpftrace-info: /'

# run_tool TOOL PATTERN: TOOL is sysray:BACKEND, bpftrace:kprobe or bpftrace:kfunc
run_tool() {
	tool=$1 pattern=$2
	case $tool in
	sysray:*) set -- "$SYSRAY" funccount -v --backend "${tool#sysray:}" "$pattern" -- /bin/cat /proc/uptime ;;
	# kprobe: keyed by func, which lets bpftrace 0.17 attach the wildcard with one kprobe_multi
	# link where the kernel has it (with probe it attaches one kprobe per function). kfunc:
	# bpftrace 0.17 refuses func there, so probe.
	bpftrace:kprobe) set -- bpftrace -e "kprobe:$pattern { @[func] = count(); }" -c "/bin/cat /proc/uptime" ;;
	bpftrace:kfunc) set -- bpftrace -e "kfunc:$pattern { @[probe] = count(); }" -c "/bin/cat /proc/uptime" ;;
	esac
	i=1
	while [ "$i" -le "$RUNS" ]; do
		t0=$(uptime_s)
		"$@" >"$TMP/out" 2>"$TMP/err"
		rc=$?
		t2=$(uptime_s)
		# the command's output: the one line of two decimal numbers
		t1=$(grep -E '^[0-9]+\.[0-9]+ [0-9]+\.[0-9]+$' "$TMP/out" | head -n 1 | cut -d' ' -f1)
		if [ -z "$t1" ]; then
			# It never ran the command: the tool refused. Say why, once, and stop this tool.
			err=$(grep -v '^$' "$TMP/err" | grep -v 'sysray: info:' | head -n 3 | tr '\n' ' ')
			echo "BENCH-REFUSED tool=$tool pattern=$pattern rc=$rc error=$err"
			return
		fi
		case $tool in
		sysray:*)
			n=$(sed -n 's/^sysray: counting \([0-9]*\) functions.*/\1/p' "$TMP/err")
			am=$(sed -n 's/.*(attached in \([0-9.]*\) ms).*/\1/p' "$TMP/err")
			dm=$(sed -n 's/^sysray: info: detached .* in \([0-9.]*\) ms$/\1/p' "$TMP/err") ;;
		bpftrace:*)
			# "Attaching N probes" counts a kprobe_multi wildcard as one probe: count what the
			# wildcard lists instead (what bpftrace attaches to).
			n=$(bpftrace -l "${tool#bpftrace:}:$pattern" 2>/dev/null | grep -c .)
			am=- dm=- ;;
		esac
		echo "BENCH tool=$tool pattern=$pattern run=$i rc=$rc attach_s=$(sub "$t0" "$t1") detach_s=$(sub "$t1" "$t2") functions=${n:--} sysray_attach_ms=${am:--} sysray_detach_ms=${dm:--}"
		i=$((i + 1))
	done
}

for pattern in 'udp_*' 'tcp_*'; do
	for tool in sysray:kprobe-multi sysray:fentry sysray:kprobe sysray:auto bpftrace:kprobe bpftrace:kfunc; do
		run_tool "$tool" "$pattern"
	done
done
echo "BENCH-DONE"
