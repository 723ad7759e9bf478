#!/usr/bin/env bash
# scripts/setup.sh — make this Debian 12 machine ready to build, test and demo sysray, then build
# build/ (sysray, the unit and runtime tests, the workloads).
#
# Idempotent: installs only the packages that are missing (checked with dpkg-query), then
# configures build/ if it is not configured yet and builds it.
#
# Environment: SYSRAY_BUILD_DIR (default <repo>/build), SYSRAY_BUILD_TYPE (default
# RelWithDebInfo), SYSRAY_JOBS (default: nproc), SYSRAY_SKIP_BUILD=1 (packages only).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
BUILD=${SYSRAY_BUILD_DIR:-$REPO/build}
BUILD_TYPE=${SYSRAY_BUILD_TYPE:-RelWithDebInfo}
JOBS=${SYSRAY_JOBS:-$(nproc)}

note() { echo "setup: $*" >&2; }
die() { echo "setup: error: $*" >&2; exit 1; }

# What each package is for:
#   build:    clang llvm bpftool libbpf-dev libelf-dev zlib1g-dev (BPF objects, skeletons)
#             g++ cmake ninja-build make pkg-config libspdlog-dev libfmt-dev libcli11-dev
#             nlohmann-json3-dev catch2
#             libdw-dev (trace -k: DWARF unwinding and symbols through elfutils)
#             libcpp-httplib-dev (exporter: the HTTP server)
#   tests:    strace (reference output), util-linux (setpriv), procps, iproute2, python3,
#             golang-go (Go workloads: tests/workloads/go), prometheus (the exporter's test
#             scrapes sysray with the real server and checks it with promtool)
#   vm tier:  qemu-system-x86 busybox-static cpio binutils (scripts/vmtest.sh)
#   package:  help2man (sysray.1 from --help), dpkg-dev (cpack's dpkg-shlibdeps), systemd
#             (systemd-analyze verify), man-db (renders the man page; scripts/package-test.sh)
#   bench:    linux-perf bpftrace (scripts/bench.sh compares against them), time (peak RSS)
#   fuzz:     libclang-rt-dev (clang's libFuzzer and sanitizer runtimes: only recommended by
#             clang, so --no-install-recommends leaves it out; scripts/fuzz.sh)
#   viewer:   chromium (scripts/viewer-test.sh opens exported files in speedscope's page, headless),
#             nodejs and npm when node or npm is missing (npm installs speedscope into build/viewer;
#             a node from elsewhere, such as NodeSource's, which brings its own npm, is kept)
PACKAGES=(
	clang llvm bpftool libbpf-dev libelf-dev zlib1g-dev
	g++ cmake ninja-build make pkg-config
	libspdlog-dev libfmt-dev libcli11-dev nlohmann-json3-dev catch2 libdw-dev libcpp-httplib-dev
	strace util-linux procps iproute2 python3 golang-go prometheus
	qemu-system-x86 busybox-static cpio binutils
	linux-perf bpftrace time
	libclang-rt-dev
	help2man dpkg-dev systemd man-db
	chromium
)
command -v node >/dev/null || PACKAGES+=(nodejs)
command -v npm >/dev/null || PACKAGES+=(npm)

as_root() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	elif command -v sudo >/dev/null; then
		sudo "$@"
	else
		return 1
	fi
}

missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	note "installing ${missing[*]}"
	apt_install() { as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"; }
	# The package lists may be stale or absent on a fresh machine: update once, then retry.
	apt_install || { as_root env DEBIAN_FRONTEND=noninteractive apt-get update && apt_install; } ||
		die "could not install ${missing[*]} (needs root or sudo, and the Debian 12 archive)"
else
	note "all ${#PACKAGES[@]} packages present"
fi

[ "${SYSRAY_SKIP_BUILD:-0}" = 1 ] && exit 0

if [ ! -f "$BUILD/CMakeCache.txt" ]; then
	note "configuring $BUILD ($BUILD_TYPE)"
	generator=()
	command -v ninja >/dev/null && generator=(-G Ninja)
	cmake -S "$REPO" -B "$BUILD" "${generator[@]}" -DCMAKE_BUILD_TYPE="$BUILD_TYPE"
fi
note "building $BUILD with $JOBS jobs"
cmake --build "$BUILD" -j "$JOBS"
note "done: $BUILD/sysray"
