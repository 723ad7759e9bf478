#!/usr/bin/env bash
# scripts/demo.sh — build sysray (scripts/setup.sh), then show it on a small bundled program,
# tests/workloads/demo_net.cpp: a UDP bind that fails with EADDRINUSE, then one TCP exchange on
# loopback. Run as root (sysray loads BPF programs).
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
# Counted in the kernel, like strace -c.
show "$BUILD/sysray" count -- "$BUILD/workloads/demo_net"
