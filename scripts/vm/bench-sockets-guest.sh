#!/bin/sh
# scripts/vm/bench-sockets-guest.sh RUNS N CASES... — the measuring half of
# scripts/bench-sockets.sh, run on the host and, through scripts/vmtest.sh, in the guest (busybox
# sh). Each case runs RUNS times against `udp_echo N PORT DELAY_MS` (N loopback UDP round trips):
#   bare            the workload alone
#   sysray:BACKEND  sysray sockets -v -p PID --backend BACKEND -o /dev/null
#   strace          strace -f -e trace=network -o /dev/null -p PID
# The workload prints its pid and sleeps DELAY_MS before its first socket call; the tracer is
# started on that pid and must have said it is attached ("socket programs attached", strace's
# "attached") before the sleep ends, else the run is reported LATE. The time is the workload's
# own figure for the round trips ("round trips: N in X s"), so tracer start-up is not counted.
# Once per sysray backend, an untimed run with --json -o FILE counts the socket events printed.
# Output on stdout, one line each, for the host half to parse:
#   BENCH case=C run=I s=X lost=L          (L: sum of sysray's "lost N events"; - for others)
#   BENCH-EVENTS case=C events=E lost=L
#   BENCH-REFUSED case=C error=...         (sysray would not start: the backend is unavailable)
#   BENCH-LATE case=C run=I                (the tracer attached after the round trips began)
#   BENCH-INFO ..., BENCH-DONE
# Environment: SYSRAY_BIN (default build/sysray), SYSRAY_WORKLOADS (default build/workloads),
# BENCH_DELAY_MS (default 1500), BENCH_PORT (default 3031).
set -u
RUNS=$1 N=$2
shift 2
SYSRAY=${SYSRAY_BIN:-build/sysray}
WORKLOAD=${SYSRAY_WORKLOADS:-build/workloads}/udp_echo
DELAY_MS=${BENCH_DELAY_MS:-1500}
PORT=${BENCH_PORT:-3031}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

echo "BENCH-INFO kernel=$(uname -r) cpus=$(grep -c ^processor /proc/cpuinfo) n=$N runs=$RUNS"

# wait_for FILE PATTERN PID: until FILE has a line matching PATTERN (0), or PID is gone (1)
wait_for() {
	while ! grep -q "$2" "$1" 2>/dev/null; do
		kill -0 "$3" 2>/dev/null || return 1
		sleep 0.05
	done
}

# one CASE RUN [SYSRAY_OUTPUT_ARGS...]: one run; prints nothing, leaves $TMP/wl (workload
# stdout) and $TMP/err (tracer stderr); returns 2 when the tracer never attached.
one() {
	c=$1
	shift 2
	: >"$TMP/err"
	if [ "$c" = bare ]; then
		"$WORKLOAD" "$N" "$PORT" "$DELAY_MS" >"$TMP/wl"
		return 0
	fi
	"$WORKLOAD" "$N" "$PORT" "$DELAY_MS" >"$TMP/wl" &
	wpid=$!
	wait_for "$TMP/wl" '^pid ' "$wpid"
	case $c in
	sysray:*)
		"$SYSRAY" sockets -v -p "$wpid" --backend "${c#sysray:}" "$@" 2>"$TMP/err" &
		ready='programs attached' ;;
	strace)
		strace -f -e trace=network -o /dev/null -p "$wpid" 2>"$TMP/err" &
		ready='attached' ;;
	esac
	tpid=$!
	if ! wait_for "$TMP/err" "$ready" "$tpid"; then
		kill "$wpid" 2>/dev/null
		wait "$wpid" 2>/dev/null
		return 2
	fi
	grep -q '^round trips' "$TMP/wl" && late=1 || late=0
	wait "$wpid"
	wait "$tpid"
	return $((late * 3))
}

lost() { sed -n 's/^sysray: lost \([0-9]*\) events$/\1/p' "$TMP/err" | awk '{ s += $1 } END { print s + 0 }'; }

for c in "$@"; do
	i=1
	while [ "$i" -le "$RUNS" ]; do
		one "$c" "$i" -o /dev/null
		rc=$?
		if [ $rc = 2 ]; then
			echo "BENCH-REFUSED case=$c error=$(grep -v ': debug: ' "$TMP/err" | head -n 2 | tr '\n' ' ')"
			break
		fi
		[ $rc = 3 ] && echo "BENCH-LATE case=$c run=$i"
		s=$(sed -n 's/^round trips: [0-9]* in \([0-9.]*\) s$/\1/p' "$TMP/wl")
		case $c in sysray:*) l=$(lost) ;; *) l=- ;; esac
		echo "BENCH case=$c run=$i s=${s:--} lost=$l"
		i=$((i + 1))
	done
	case $c in sysray:*)
		[ "$i" -gt "$RUNS" ] || continue
		one "$c" 0 --json -o "$TMP/events.jsonl"
		echo "BENCH-EVENTS case=$c events=$(grep -c '"type":"socket"' "$TMP/events.jsonl") lost=$(lost)" ;;
	esac
done
echo "BENCH-DONE"
