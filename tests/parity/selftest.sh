#!/usr/bin/env bash
# tests/parity/selftest.sh — checks tests/parity/compare.py on the hand-made traces in
# tests/parity/selftest/: the exact counts it must give, its exit codes, its one-line failure.
# scripts/parity.sh runs it first: a parity percentage is only as good as compare.py.
#
# Usage: tests/parity/selftest.sh     (no root, nothing traced; python3 stdlib only)
# The fixtures, each DIR/sysray.txt (`sysray trace -f` lines) and DIR/strace.txt (`strace -f`):
#   mixed      strace's own pid 100 and a feature-test child 104 (only in sysray: ignored), the
#              command's process 101 with pre-exec lines and an execve differing only in envp
#              (excluded), calls split in one tool and whole in the other, strace's padding, a
#              getdents64 and a readlink less decoded, a line only in sysray, a line only in
#              strace, a thread 103 only strace saw, a pid 105 whose calls differ in the middle
#              (aligned by difflib), a thread 106 whose last call strace shows entered and
#              killed (`<unfinished ...>) = ?`) and sysray lacks (excluded), and a sysray line
#              without a pid (unparsed)
#   identical  every line the same once joined and unpadded, a string holding ")   = "
#   padded     a sysray -o file, written as strace writes its files ("N  " and "= " at column 40):
#              identical once both are unpadded
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
COMPARE=$HERE/compare.py
FIX=$HERE/selftest
PYTHON=${PYTHON:-/usr/bin/python3}
failed=0
fail() { echo "selftest: FAIL: $*" >&2; failed=1; }

# expect NAME 'KEY=VALUE ...' compare.py-ARGS...: runs compare.py --json and checks each KEY (a
# dotted path into its JSON; entries.N is the Nth pair) against VALUE.
expect() {
	local name=$1 checks=$2 out
	shift 2
	if ! out=$("$PYTHON" "$COMPARE" "$@" --json); then
		fail "$name: compare.py exited $?"
		return
	fi
	"$PYTHON" -c '
import json, sys
d = json.loads(sys.argv[1])
bad = 0
for check in sys.argv[3].split():
    key, want = check.split("=", 1)
    v = d
    for k in key.split("."):
        v = v[int(k)] if isinstance(v, list) else v.get(k) if isinstance(v, dict) else None
    if str(v) != want:
        print(f"selftest: FAIL: {sys.argv[2]}: {key} is {v}, expected {want}", file=sys.stderr)
        bad = 1
sys.exit(bad)' "$out" "$name" "$checks" || failed=1
}

M=("$FIX/mixed/sysray.txt" "$FIX/mixed/strace.txt")
I=("$FIX/identical/sysray.txt" "$FIX/identical/strace.txt")
P=("$FIX/padded/sysray.txt" "$FIX/padded/strace.txt")

expect mixed "overall.identical=22 overall.differing=3 overall.only_sysray=2 overall.only_strace=4
	overall.compared=31 overall.percent=70.97 overall.pids=5 overall.excluded.pre-exec=5
	overall.excluded.envp=1 overall.excluded.killed-at-entry=1 overall.ignored_sysray_only_pid_lines=7 overall.unparsed.sysray=1
	overall.unparsed.strace=0 differing_by_syscall.0.name=getdents64 differing_by_syscall.0.count=1
	differing_by_syscall.2.name=uname only_sysray_by_syscall.getpid=1 only_sysray_by_syscall.close=1
	only_strace_by_syscall.futex=1 only_strace_by_syscall.mmap=1 only_strace_by_syscall.getpid=1" "${M[@]}"
expect identical "overall.identical=5 overall.compared=5 overall.percent=100.0 overall.differing=0
	overall.excluded.pre-exec=0 overall.excluded.envp=0 overall.excluded.killed-at-entry=0 overall.ignored_sysray_only_pid_lines=2" "${I[@]}"
expect padded "overall.identical=2 overall.differing=0 overall.percent=100.0" "${P[@]}"
expect "mixed + identical" "overall.identical=27 overall.compared=36 overall.percent=75.0
	entries.0.label=m entries.0.compared=31 entries.1.label=i entries.1.percent=100.0
	overall.excluded.pre-exec=5" "${M[@]}" "${I[@]}" --label m --label i

# --min-percent: 0 at or above, 1 below with one line saying so; 2 on bad usage.
"$PYTHON" "$COMPARE" "${M[@]}" --min-percent 70.9 >/dev/null 2>&1 || fail "--min-percent 70.9 on 70.97% did not exit 0"
err=$("$PYTHON" "$COMPARE" "${M[@]}" --min-percent 71 2>&1 >/dev/null)
rc=$?
[ $rc = 1 ] || fail "--min-percent 71 on 70.97%: exit $rc, expected 1"
[ "$err" = "compare: identical 70.97% is below --min-percent 71" ] || fail "--min-percent 71 said: '$err'"
"$PYTHON" "$COMPARE" "$FIX/mixed/sysray.txt" >/dev/null 2>&1
rc=$?
[ $rc = 2 ] || fail "an odd number of files: exit $rc, expected 2"
"$PYTHON" "$COMPARE" "$FIX/missing" "$FIX/missing" >/dev/null 2>&1
rc=$?
[ $rc = 2 ] || fail "a missing file: exit $rc, expected 2"

if [ $failed = 0 ]; then
	echo "selftest: compare.py gives the expected counts on the fixtures in $FIX" >&2
fi
exit $failed
