#!/usr/bin/env bash
# scripts/demo.sh — build sysray (scripts/setup.sh), then show it on a small bundled program,
# tests/workloads/demo_net.cpp: a UDP bind that fails with EADDRINUSE, then one TCP exchange on
# loopback; and who holds a port when two copies of a Go test binary (tests/workloads/go/porttest)
# fight over it. Run as root (sysray loads BPF programs).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$REPO"
BUILD=${SYSRAY_BUILD_DIR:-build}

[ "$(id -u)" = 0 ] || { echo "demo: run as root: sysray loads BPF programs" >&2; exit 1; }
scripts/setup.sh

show() {
	echo
	echo "\$ $*"
	"$@"
}

# Every network syscall, decoded like strace: addresses, payloads, errors.
show "$BUILD/sysray" trace -e %net -- "$BUILD/workloads/demo_net"
# Which code made each connect, as strace -k shows it: here a Go program built with
# -ldflags='-s -w' (no symbols), named from its .gopclntab.
show "$BUILD/sysray" trace -k -f -e connect -- "$BUILD/workloads/gosyms-stripped"
# Counted in the kernel, like strace -c.
show "$BUILD/sysray" count -- "$BUILD/workloads/demo_net"
# Socket events, and who holds the port when a bind fails with EADDRINUSE.
show "$BUILD/sysray" sockets -- "$BUILD/workloads/demo_net"
# Two Go test binaries bind 127.0.0.1:3001 at once, as `go test ./...` runs packages: each
# EADDRINUSE names the other copy, even after it closed the socket or exited.
gotests=$(mktemp -d)
trap 'rm -rf "$gotests"' EXIT
cp "$BUILD/workloads/porttest.test" "$gotests/a.test"
cp "$BUILD/workloads/porttest.test" "$gotests/b.test"
show "$BUILD/sysray" sockets -f -- sh -c "export PORTTEST_PORT=3001 PORTTEST_ROUNDS=4; $gotests/a.test >/dev/null & $gotests/b.test >/dev/null; wait"
