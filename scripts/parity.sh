#!/usr/bin/env bash
# scripts/parity.sh — how many of `sysray trace` lines are identical to strace's, over everyday
# programs (tests/parity/corpus.sh); writes a report and prints the percentages.
#
# Usage: scripts/parity.sh [--min-percent P] [ENTRY...]     (as root; default: every entry)
#   --min-percent P  exit 1 when the overall identical percentage is below P
# Method (docs/PARITY.md): each entry runs once as
#   sysray trace -f -o sysray.txt -- strace -f -o strace.txt CMD...
# so both tools see the same calls; tests/parity/compare.py then compares the lines per pid.
# First tests/parity/selftest.sh checks compare.py on hand-made traces; then the Go and C++
# corpus programs are built into <build>/parity/bin.
#
# Output, all under the work dir: ENTRY/{sysray,strace,stdout,stderr}.txt per entry, ENTRY/scratch
# (the files the entry wrote), report.txt (compare.py over all entries, with examples).
#
# Environment: SYSRAY_BUILD_DIR (default <repo>/build; sysray is <build>/sysray),
# SYSRAY_PARITY_DIR (work dir, default <build>/parity), SYSRAY_PARITY_SHOW (example pairs per
# differing syscall in the report, default 3), SYSRAY_PARITY_BUFFER (sysray's --buffer-size,
# default 64M: sysray traces strace too, several times the command's own calls),
# SYSRAY_PARITY_FLAGS (options given to both tools, e.g. "-y" to compare descriptor paths).
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$REPO" || exit 2
BUILD=${SYSRAY_BUILD_DIR:-$REPO/build}
WORK=${SYSRAY_PARITY_DIR:-$BUILD/parity}
SHOW=${SYSRAY_PARITY_SHOW:-3}
BUFFER=${SYSRAY_PARITY_BUFFER:-64M}
read -ra FLAGS <<<"${SYSRAY_PARITY_FLAGS:-}"
SYSRAY=$BUILD/sysray
BIN=$BUILD/parity/bin
PYTHON=/usr/bin/python3

die() { echo "parity: $*" >&2; exit 2; }

min_percent=
entries=()
while [ $# -gt 0 ]; do
	case $1 in
	--min-percent) [ $# -ge 2 ] || die "--min-percent needs a value"; min_percent=$2; shift 2 ;;
	--min-percent=*) min_percent=${1#*=}; shift ;;
	-h | --help) awk 'NR == 1 { next } !/^#/ { exit } { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; exit 0 ;;
	-*) die "unknown option '$1'" ;;
	*) entries+=("$1"); shift ;;
	esac
done

# shellcheck source=SCRIPTDIR/../tests/parity/corpus.sh disable=SC1091  # followed with shellcheck -x
. "$REPO/tests/parity/corpus.sh"
[ ${#entries[@]} -eq 0 ] && entries=("${CORPUS[@]}")
for e in "${entries[@]}"; do
	corpus_cmd "$e" /x /x || die "unknown entry '$e' (entries: ${CORPUS[*]})"
done
[ "$(id -u)" = 0 ] || die "run as root (sysray loads BPF programs)"
[ -x "$SYSRAY" ] || die "$SYSRAY missing: run scripts/setup.sh first"
command -v strace >/dev/null || die "strace missing: run scripts/setup.sh first"
[ -x "$PYTHON" ] || die "$PYTHON missing: run scripts/setup.sh first"

tests/parity/selftest.sh || die "tests/parity/selftest.sh failed: compare.py is not trusted"

# The corpus programs, rebuilt when their sources are newer.
mkdir -p "$BIN" "$WORK" || die "cannot create $BIN or $WORK"
if [ ! -x "$BIN/paritygo" ] || [ -n "$(find tests/parity/go -newer "$BIN/paritygo" -type f)" ]; then
	command -v go >/dev/null || die "go missing (golang-go): run scripts/setup.sh first"
	(cd tests/parity/go && CGO_ENABLED=0 GOFLAGS=-mod=mod GOPROXY=off GOCACHE=/tmp/gocache \
		go build -o "$BIN/paritygo" .) || die "go build of tests/parity/go failed"
fi
if [ ! -x "$BIN/threads_epoll" ] || [ tests/parity/threads_epoll.cpp -nt "$BIN/threads_epoll" ]; then
	g++ -O2 -Wall -Wextra -pthread -o "$BIN/threads_epoll" tests/parity/threads_epoll.cpp ||
		die "g++ of tests/parity/threads_epoll.cpp failed"
fi

# One traced run per entry. A command that fails makes the run useless, and so do events sysray
# lost (its ring buffer full while the machine is busy): an entry that lost events runs once
# more, then it is an error, never a lower percentage.
# trace_entry E DIR: one traced run of entry E into DIR; sets rc and ms.
trace_entry() {
	local start
	if ! rm -rf "$2" || ! mkdir -p "$2/scratch"; then die "cannot create $2"; fi
	corpus_cmd "$1" "$2/scratch" "$BIN"
	corpus_prepare "$1" "$2/scratch" || die "$1: preparing its inputs failed"
	start=$(date +%s%N)
	(cd "$2/scratch" && timeout 60 "$SYSRAY" trace --buffer-size "$BUFFER" -f "${FLAGS[@]}" -o "$2/sysray.txt" -- \
		strace -f "${FLAGS[@]}" -o "$2/strace.txt" "${CMD[@]}" >"$2/stdout.txt" 2>"$2/stderr.txt")
	rc=$?
	ms=$((($(date +%s%N) - start) / 1000000))
}
rm -f "$WORK/report.txt" # never a stale report beside a run that stopped
pairs=()
labels=()
retried=()
for e in "${entries[@]}"; do
	dir=$WORK/$e
	trace_entry "$e" "$dir"
	[ $rc = 0 ] || die "$e: exit $rc after $ms ms: ${CMD[*]} (see $dir/stderr.txt)"
	if grep -q '^sysray: lost' "$dir/stderr.txt"; then
		echo "parity: $e: $(grep -m1 '^sysray: lost' "$dir/stderr.txt"): tracing it once more" >&2
		retried+=("$e")
		trace_entry "$e" "$dir"
		[ $rc = 0 ] || die "$e: exit $rc after $ms ms: ${CMD[*]} (see $dir/stderr.txt)"
		if grep -q '^sysray: lost' "$dir/stderr.txt"; then
			die "$e: $(grep -m1 '^sysray: lost' "$dir/stderr.txt") again (see $dir/stderr.txt)"
		fi
	fi
	echo "parity: $e: traced in $ms ms, $(wc -l <"$dir/strace.txt") strace lines" >&2
	pairs+=("$dir/sysray.txt" "$dir/strace.txt")
	labels+=(--label "$e")
done

min_args=()
[ -n "$min_percent" ] && min_args=(--min-percent "$min_percent")
{
	echo "# scripts/parity.sh report, $(date -u '+%Y-%m-%d %H:%M') UTC"
	echo "# $(sed -n 's/^PRETTY_NAME="\(.*\)"/\1/p' /etc/os-release), $(nproc) cores, kernel $(uname -r)," \
		"$(strace -V | head -1)"
	echo "# $SYSRAY built $(date -u -r "$SYSRAY" '+%Y-%m-%d %H:%M:%S') UTC; source tree" \
		"$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo '?')"
	echo "# entries: ${entries[*]}"
	[ ${#retried[@]} -eq 0 ] || echo "# traced twice (sysray lost events the first time): ${retried[*]}"
	echo
	"$PYTHON" tests/parity/compare.py "${pairs[@]}" "${labels[@]}" --show "$SHOW" "${min_args[@]}" 2>"$WORK/compare.err"
} >"$WORK/report.txt"
rc=$?
[ $rc -le 1 ] || die "compare.py failed: $(head -1 "$WORK/compare.err")"

# The summary: the overall line and the per-entry lines (compare.py prints them first).
sed -n '/^overall /,/^excluded artefacts (/p' "$WORK/report.txt" | sed '$d'
echo "parity: report in $WORK/report.txt" >&2
if [ $rc = 1 ]; then
	echo "parity: $(sed 's/^compare: //' "$WORK/compare.err" | head -1)" >&2
	exit 1
fi
exit 0
