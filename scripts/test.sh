#!/usr/bin/env bash
# scripts/test.sh — every test tier, then a PASS/FAIL summary; exits 1 when anything failed.
#
# Usage: scripts/test.sh [STEP...]     STEP: unit asan fuzz runtime viewer parity package vm (default: all)
#   setup    scripts/setup.sh: missing packages, then build/ (always runs first)
#   unit     build/sysray-unit-tests
#   asan     the unit tests again, built with ASan+UBSan in build-asan/
#   fuzz     scripts/fuzz.sh: each libFuzzer target (tests/fuzz) for FUZZ_SECONDS, built with clang in
#            build-fuzz/; fails on a crash and names the crashing input
#   runtime  build/sysray-runtime-tests: sysray against the workloads on this kernel (root)
#   viewer   scripts/viewer-test.sh: a trace -k exported as speedscope and chrome, opened in
#            speedscope's page in headless Chromium, which must show the thread and frame names;
#            screenshots in build/viewer/ (root)
#   parity   scripts/parity.sh: sysray's lines identical to strace's over everyday programs, at
#            least PARITY_MIN_PERCENT overall (root)
#   package  scripts/package-test.sh: the Debian package (cpack), unpacked and checked, its unit
#            through systemd-analyze verify
#   vm       scripts/vmtest.sh: the runtime tests under QEMU on other kernels (when it exists)
# A step that cannot run (no root for runtime, viewer or parity) counts as a failure, never as a
# silent skip.
#
# Environment: SYSRAY_BUILD_DIR (default <repo>/build), SYSRAY_ASAN_BUILD_DIR (default
# <repo>/build-asan), SYSRAY_JOBS (default: nproc), SYSRAY_FUZZ_SECONDS (default 10, per fuzz
# target); what scripts/setup.sh, scripts/fuzz.sh and scripts/vmtest.sh
# read passes through.
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$REPO" || exit 2
BUILD=${SYSRAY_BUILD_DIR:-$REPO/build}
ASAN_BUILD=${SYSRAY_ASAN_BUILD_DIR:-$REPO/build-asan}
JOBS=${SYSRAY_JOBS:-$(nproc)}
export SYSRAY_BUILD_DIR=$BUILD
# The parity step's regression guard: 99.99% of the lines identical to strace's (43168 of 43169,
# after the epoll, struct and socket-length decoders) measured on 2026-12-05 (docs/PARITY.md),
# rounded down to 99: the Go and threaded entries vary a little from run to run.
PARITY_MIN_PERCENT=99
# Seconds per fuzz target (tests/fuzz/fuzz_*.cpp): 10 targets, about 2 minutes in all (the
# clang build before them takes longer on a clean clone; CI stays near 45 minutes).
FUZZ_SECONDS=${SYSRAY_FUZZ_SECONDS:-10}

steps=("$@")
[ ${#steps[@]} -eq 0 ] && steps=(unit asan fuzz runtime viewer parity package vm)
for s in "${steps[@]}"; do
	case $s in
	unit | asan | fuzz | runtime | viewer | parity | package | vm) ;;
	-h | --help) awk 'NR == 1 { next } !/^#/ { exit } { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; exit 0 ;;
	*) echo "test: unknown step '$s' (steps: unit asan fuzz runtime viewer parity package vm)" >&2; exit 2 ;;
	esac
done
wanted() { local s; for s in "${steps[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

summary=()
failed=0
# run NAME CMD...: runs one step, records PASS/FAIL with its duration.
run() {
	local name=$1 start rc
	shift
	echo
	echo "=== test: $name: $*"
	start=$(date +%s)
	"$@"
	rc=$?
	if [ $rc -eq 0 ]; then
		summary+=("PASS  $name ($(($(date +%s) - start)) s)")
	else
		summary+=("FAIL  $name (exit $rc, $(($(date +%s) - start)) s)")
		failed=1
	fi
	return $rc
}
# record NAME VERDICT WHY: a step that did not run.
record() {
	summary+=("$2  $1 ($3)")
	[ "$2" = FAIL ] && failed=1
	echo "=== test: $1: $2: $3"
}

# vm_kernel_lines RESULTS_TSV: one summary line per kernel that scripts/vmtest.sh booted (its
# results.tsv: label, release, verdict, command s, wall s, reason), indented under the vm step.
# shellcheck disable=SC2094  # it reads results.tsv and, per kernel, that kernel's log: not the same file
vm_kernel_lines() {
	local label release verdict cmd_s wall_s reason
	if [ ! -s "$1" ]; then
		summary+=("        no per-kernel results ($1 missing: vmtest stopped before booting)")
		return
	fi
	while IFS=$'\t' read -r label release verdict cmd_s wall_s reason; do
		summary+=("      $verdict  kernel $label ($release): tests ${cmd_s} s, boot+tests ${wall_s} s${reason:+: $reason}")
		failure_lines "$(dirname "$1")/$label.log"
	done <"$1"
}

# fuzz_target_lines SUMMARY: scripts/fuzz.sh's line per target (and each crashing input's path),
# indented under the fuzz step.
fuzz_target_lines() {
	local line
	[ -f "$1" ] || return 0
	while IFS= read -r line; do
		summary+=("      $line")
	done <"$1"
}

# catch_failures LOG: each failed test case of a Catch2 console log (the reporter frames a test
# case's name between two lines of dashes) with its failed assertions, at most 60 lines.
catch_failures() {
	[ -f "$1" ] || return 0
	tr -d '\r' <"$1" | awk '
		/^-+$/ && length($0) >= 70 { getline line; if (line !~ /^\// && line != "") { name = line; shown = 0 } next }
		/^=+$/ { left = 0; next }
		/FAILED:$/ { if (name != "" && !shown) print "failed: " name; shown = 1; left = 8; print "  " $0; next }
		left > 0 && $0 != "" { print "  " substr($0, 1, 160); left-- }' | head -60
}

# failure_lines LOG: catch_failures under the summary, which is what CI's tail of the output shows.
failure_lines() {
	local line
	while IFS= read -r line; do
		summary+=("          $line")
	done < <(catch_failures "$1")
}

# shellcheck disable=SC2317  # called through run
# tee_output LOG CMD...: runs CMD with its output also written to LOG; the status is CMD's.
tee_output() {
	local log=$1
	shift
	"$@" 2>&1 | tee "$log"
	return "${PIPESTATUS[0]}"
}

# shellcheck disable=SC2317  # called through run
# runtime_tests LOG: the runtime tests, output in LOG. Test cases that fail are run once more
# (output in LOG.retry): those that then pass go to runtime_flaky, for the summary with their
# first failure, and do not fail the step; one that fails twice does.
runtime_tests() {
	local log=$1 spec name names=()
	rm -f "$log.retry"
	tee_output "$log" "$BUILD/sysray-runtime-tests" && return 0
	while IFS= read -r name; do
		names+=("$name")
	done < <(catch_failures "$log" | sed -n 's/^failed: //p')
	[ ${#names[@]} -gt 0 ] || return 1
	# A Catch2 test spec: each name (its first line: the console wraps long ones) with , [ ] \ *
	# escaped and a trailing wildcard, joined by commas.
	spec=$(printf '%s\n' "${names[@]}" | sed 's/[][,\\*]/\\&/g; s/$/*/' | paste -sd, -)
	echo "=== test: runtime: running the ${#names[@]} failed test case(s) once more: $spec"
	tee_output "$log.retry" "$BUILD/sysray-runtime-tests" "$spec" || return 1
	grep -q "^All tests passed" "$log.retry" || return 1
	runtime_flaky=("${names[@]}")
	return 0
}

# shellcheck disable=SC2317  # called through run
# The unit-only build has no Go workloads: the .gopclntab tests read the main build's.
asan_unit_tests() {
	cmake -S "$REPO" -B "$ASAN_BUILD" -DCMAKE_BUILD_TYPE=Debug -DSYSRAY_SANITIZE=ON -DSYSRAY_UNIT_ONLY=ON &&
		cmake --build "$ASAN_BUILD" -j "$JOBS" --target sysray-unit-tests &&
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
			SYSRAY_GO_WORKLOADS="$BUILD/workloads" "$ASAN_BUILD/sysray-unit-tests"
}

if run setup scripts/setup.sh; then
	wanted unit && run unit "$BUILD/sysray-unit-tests"
	wanted asan && run "unit (ASan+UBSan)" asan_unit_tests
	if wanted fuzz; then
		run "fuzz (libFuzzer, ${FUZZ_SECONDS} s per target)" scripts/fuzz.sh "$FUZZ_SECONDS"
		fuzz_target_lines "${SYSRAY_FUZZ_BUILD_DIR:-$REPO/build-fuzz}/fuzz-summary.txt"
	fi
	if wanted runtime; then
		if [ "$(id -u)" = 0 ]; then
			runtime_log=$BUILD/runtime-tests.log
			runtime_flaky=()
			run "runtime (kernel $(uname -r))" runtime_tests "$runtime_log"
			failure_lines "$runtime_log"
			failure_lines "$runtime_log.retry"
			for name in "${runtime_flaky[@]}"; do
				summary+=("          flaky (failed, then passed when run again): $name")
			done
		else
			record runtime FAIL "needs root: run scripts/test.sh as root"
		fi
	fi
	if wanted viewer; then
		if [ "$(id -u)" = 0 ]; then
			run "viewer (speedscope in headless Chromium)" scripts/viewer-test.sh
		else
			record viewer FAIL "needs root: run scripts/test.sh as root"
		fi
	fi
	if wanted parity; then
		if [ "$(id -u)" = 0 ]; then
			run "parity (strace lines, at least ${PARITY_MIN_PERCENT}% identical)" \
				scripts/parity.sh --min-percent "$PARITY_MIN_PERCENT"
		else
			record parity FAIL "needs root: run scripts/test.sh as root"
		fi
	fi
	wanted package && run "package (Debian .deb, systemd unit)" scripts/package-test.sh
	if wanted vm; then
		if [ -x scripts/vmtest.sh ]; then
			vm_results=${SYSRAY_VM_RESULTS:-$BUILD/vmtest}
			run "vm (QEMU kernels)" scripts/vmtest.sh
			vm_kernel_lines "$vm_results/results.tsv"
		else
			record vm FAIL "scripts/vmtest.sh not present"
		fi
	fi
else
	record tests FAIL "not run: setup failed"
fi

echo
echo "=== test summary"
printf '  %s\n' "${summary[@]}"
if [ $failed = 0 ]; then
	echo "=== PASS"
else
	echo "=== FAIL"
fi
exit $failed
