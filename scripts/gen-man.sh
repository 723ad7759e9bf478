#!/usr/bin/env bash
# scripts/gen-man.sh SYSRAY OUT — writes sysray(1) from the program's own help with help2man:
# the top-level --help and --version, plus a COMMANDS section with every subcommand's --help
# verbatim, so that the man page cannot drift from the options the binary accepts.
set -euo pipefail
out=$2
# Run as plain "sysray" from PATH: the usage lines print argv[0], not the build directory.
PATH=$(cd "$(dirname "$1")" && pwd):$PATH
[ "$(basename "$1")" = sysray ] || { echo "gen-man: $1 is not named sysray" >&2; exit 2; }
sysray=sysray
include=$(mktemp)
trap 'rm -f "$include"' EXIT
{
	echo '[COMMANDS]'
	# the subcommands as --help lists them: "  NAME   description"
	"$sysray" --help | sed -n '/^Subcommands:/,$p' | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' |
		while read -r cmd; do
			echo ".SS sysray $cmd"
			echo '.nf'
			"$sysray" "$cmd" --help | sed 's/\\/\\\\/g; s/^\./\\\&./'
			echo '.fi'
		done
	echo '[SEE ALSO]'
	echo 'strace(1), bpftrace(8), perf-trace(1); /usr/share/doc/sysray/README.md'
} >"$include"
help2man --no-info --section 1 --name "strace's depth at eBPF's cost: syscalls, kernel functions, sockets and stacks, traced with eBPF" \
	--include "$include" --output "$out" "$sysray"
