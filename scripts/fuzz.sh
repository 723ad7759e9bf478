#!/usr/bin/env bash
# scripts/fuzz.sh — builds the libFuzzer targets (tests/fuzz) with clang, ASan and UBSan in
# build-fuzz/, then runs each for SECONDS (default 20); exits 1 when any target crashed, printing
# the path of each crashing input.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]    TARGET: fuzz_record, fuzz_gopclntab, ... (default all)
#        scripts/fuzz.sh --seeds                  rewrites the committed seeds (tests/fuzz/corpus)
#
# Each target reads the committed seeds in tests/fuzz/corpus/TARGET and keeps what it finds in
# build-fuzz/corpus/TARGET (libFuzzer writes new inputs to the first directory only), so the
# committed seeds never churn and later runs start from what earlier ones found. Crashing inputs
# go to build-fuzz/crashes/; replay one with `build-fuzz/tests/fuzz/TARGET FILE`.
#
# Environment: SYSRAY_FUZZ_BUILD_DIR (default <repo>/build-fuzz), SYSRAY_JOBS (default 2).
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
BUILD=${SYSRAY_FUZZ_BUILD_DIR:-$REPO/build-fuzz}
JOBS=${SYSRAY_JOBS:-2}
SEEDS=$REPO/tests/fuzz/corpus

note() { echo "fuzz: $*" >&2; }
die() { echo "fuzz: error: $*" >&2; exit 2; }

build() {
	if [ ! -f "$BUILD/CMakeCache.txt" ]; then
		generator=()
		command -v ninja >/dev/null && generator=(-G Ninja)
		# Unit-only: the targets need sysray_core, not the BPF programs; no Catch2 tests.
		CC=clang CXX=clang++ cmake -S "$REPO" -B "$BUILD" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
			-DSYSRAY_FUZZ=ON -DSYSRAY_UNIT_ONLY=ON -DSYSRAY_TESTS=OFF >/dev/null || die "cmake configure failed"
	fi
	cmake --build "$BUILD" -j "$JOBS" --target fuzz_targets sysray-fuzz-seeds || die "build failed"
}

if [ "${1:-}" = --seeds ]; then
	build
	rm -rf "$SEEDS"
	"$BUILD/tests/fuzz/sysray-fuzz-seeds" "$SEEDS" || die "seed generation failed"
	note "seeds written to $SEEDS ($(du -sh "$SEEDS" | cut -f1))"
	exit 0
fi

seconds=20
if [[ ${1:-} =~ ^[0-9]+$ ]]; then
	seconds=$1
	shift
fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	for src in "$REPO"/tests/fuzz/fuzz_*.cpp; do
		targets+=("$(basename "$src" .cpp)")
	done
fi

rm -f "$BUILD/fuzz-summary.txt"  # test.sh shows it: never a stale one
build
mkdir -p "$BUILD/crashes"
failed=()
summary=()
for t in "${targets[@]}"; do
	bin=$BUILD/tests/fuzz/$t
	[ -x "$bin" ] || die "no fuzz target $t (known: $(cd "$REPO/tests/fuzz" && ls fuzz_*.cpp | sed 's/\.cpp$//' | xargs))"
	scratch=$BUILD/corpus/$t
	mkdir -p "$scratch" "$SEEDS/$t"
	log=$BUILD/$t.log
	# The crash files are named by libFuzzer (crash-SHA1, leak-..., timeout-...); remember what was
	# there to name the new ones.
	before=$(ls "$BUILD/crashes" | grep "^$t-" | sort)
	note "$t: ${seconds} s (log: $log)"
	# -close_fd_mask=3: the targets' own stdout and stderr (export warnings, ...) would slow the
	# run; libFuzzer and the sanitizers still report on a duplicate of stderr.
	"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-close_fd_mask=3 -artifact_prefix="$BUILD/crashes/$t-" "$scratch" "$SEEDS/$t" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	per_s=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
	if [ $rc -eq 0 ]; then
		summary+=("PASS  $t: ${runs:-?} runs, ${per_s:-?}/s, ${cov:-cov: ?}")
		continue
	fi
	failed+=("$t")
	summary+=("FAIL  $t (exit $rc) after ${runs:-?} runs")
	grep -m1 -A12 'ERROR: \|runtime error:' "$log" | sed 's/^/      /' >&2
	for f in $(comm -13 <(echo "$before") <(ls "$BUILD/crashes" | grep "^$t-" | sort)); do
		summary+=("      crashing input: $BUILD/crashes/$f (replay: $bin $BUILD/crashes/$f)")
	done
done

printf '%s\n' "${summary[@]}" | tee "$BUILD/fuzz-summary.txt"
if [ ${#failed[@]} -gt 0 ]; then
	note "crashed: ${failed[*]}"
	exit 1
fi
