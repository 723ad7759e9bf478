#!/usr/bin/env bash
# scripts/bench-section.sh FILE NAME SECTION_FILE — put SECTION_FILE's text into FILE between the
# markers <!-- NAME:begin --> and <!-- NAME:end -->, replacing what was there, so that each
# benchmark script (bench.sh: syscalls, bench-attach.sh: attach, ...) owns one section of
# docs/BENCHMARKS.md and a run of one leaves the others alone. A missing FILE is created with a
# title; a missing section is appended.
set -euo pipefail
file=$1 name=$2 section=$3
begin="<!-- $name:begin -->" end="<!-- $name:end -->"
[ -f "$file" ] || printf '# sysray benchmarks\n\nEach section is written by the script it names; notes outside the markers are kept.\n' >"$file"
if ! grep -qxF "$begin" "$file"; then
	printf '\n%s\n%s\n' "$begin" "$end" >>"$file"
fi
tmp=$(mktemp)
awk -v begin="$begin" -v end="$end" -v section="$section" '
	$0 == begin { print; while ((getline line < section) > 0) print line; skip = 1; next }
	$0 == end { skip = 0 }
	!skip { print }' "$file" >"$tmp"
mv "$tmp" "$file"
