#!/usr/bin/env bash
# scripts/package-test.sh — builds the Debian package from build/ (`cpack -G DEB`) and checks
# it without installing it on this machine:
#   - sysray_VERSION_amd64.deb holds /usr/bin/sysray, sysray(1), the systemd unit and its
#     /etc/default conffile (marked as a conffile);
#   - unpacked into a scratch root (`dpkg-deb -x`), its sysray runs: --version, and `features`;
#   - every package its Depends names is a Debian package apt knows (dpkg-shlibdeps wrote them);
#   - the man page renders and lists every subcommand;
#   - the unit passes `systemd-analyze verify` (this machine's units), and runs sysray exporter
#     with only CAP_BPF, CAP_PERFMON and CAP_DAC_READ_SEARCH, as a transient user.
# Exit status: 0 when every check passed; 1 otherwise, each failed check named on stderr.
set -uo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
BUILD=${SYSRAY_BUILD_DIR:-$REPO/build}
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
failed=0
fail() { echo "package-test: FAIL: $*" >&2; failed=1; }
ok() { echo "package-test: ok: $*"; }

cmake --build "$BUILD" --target sysray man_page >/dev/null || { echo "package-test: build failed" >&2; exit 1; }
(cd "$BUILD" && rm -f sysray_*.deb && cpack -G DEB >"$SCRATCH/cpack.log" 2>&1) ||
	{ cat "$SCRATCH/cpack.log" >&2; echo "package-test: cpack failed" >&2; exit 1; }
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$BUILD/CMakeCache.txt")
deb=$BUILD/sysray_${version}_amd64.deb
[ -f "$deb" ] || { echo "package-test: $deb was not made (cpack: $(tail -n 3 "$SCRATCH/cpack.log"))" >&2; exit 1; }
ok "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"

contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/sysray ./usr/share/man/man1/sysray.1 ./usr/lib/systemd/system/sysray-exporter.service \
	./etc/default/sysray-exporter ./usr/share/doc/sysray/README.md; do
	grep -q " $f\$" <<<"$contents" && ok "contains $f" || fail "the package lacks $f"
done
dpkg-deb -e "$deb" "$SCRATCH/control"
grep -qx /etc/default/sysray-exporter "$SCRATCH/control/conffiles" &&
	ok "/etc/default/sysray-exporter is a conffile" || fail "/etc/default/sysray-exporter is not a conffile"

root=$SCRATCH/root
dpkg-deb -x "$deb" "$root"
out=$("$root/usr/bin/sysray" --version) && [ "$out" = "sysray $version" ] &&
	ok "the unpacked sysray says '$out'" || fail "the unpacked sysray --version said '$out'"
if "$root/usr/bin/sysray" features >"$SCRATCH/features" 2>&1 && grep -q '^commands will use:' "$SCRATCH/features"; then
	ok "the unpacked sysray runs 'features'"
else
	fail "the unpacked sysray features: $(head -n 3 "$SCRATCH/features")"
fi

depends=$(dpkg-deb -f "$deb" Depends)
[ -n "$depends" ] || fail "no Depends field (dpkg-shlibdeps did not run?)"
# "libbpf1 (>= 1:0.8.0), libc6 (>= 2.34) | foo" -> one package name per line
for pkg in $(tr ',|' '\n\n' <<<"$depends" | sed 's/(.*)//; s/[[:space:]]//g' | grep .); do
	apt-cache show "$pkg" >/dev/null 2>&1 && ok "Depends: $pkg is a Debian package" ||
		fail "Depends names $pkg, which apt does not know"
done

man -l "$root/usr/share/man/man1/sysray.1" >"$SCRATCH/man.txt" 2>/dev/null || fail "man cannot render sysray.1"
for cmd in $("$root/usr/bin/sysray" --help | sed -n '/^Subcommands:/,$p' | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p'); do
	grep -q "Usage: sysray $cmd " "$SCRATCH/man.txt" || fail "sysray(1) does not describe 'sysray $cmd'"
done
ok "sysray(1) renders, with every subcommand's usage"

unit=$root/usr/lib/systemd/system/sysray-exporter.service
# Verified against this machine's systemd units, with ExecStart pointing into the scratch root
# (the package is not installed here); man pages are not looked up (sysray(1) is not installed).
mkdir -p "$SCRATCH/unit"
sed "s|/usr/bin/sysray|$root/usr/bin/sysray|" "$unit" >"$SCRATCH/unit/sysray-exporter.service"
# It exits 0 on unknown keys and values (a warning each): any output is a failure too.
if systemd-analyze verify --man=no "$SCRATCH/unit/sysray-exporter.service" >"$SCRATCH/verify" 2>&1 &&
	[ ! -s "$SCRATCH/verify" ]; then
	ok "systemd-analyze verify accepts sysray-exporter.service"
else
	fail "systemd-analyze verify: $(cat "$SCRATCH/verify")"
fi
grep -qx 'ExecStart=/usr/bin/sysray exporter $SYSRAY_EXPORTER_ARGS' "$unit" || fail "the unit does not run sysray exporter"
grep -qx 'EnvironmentFile=-/etc/default/sysray-exporter' "$unit" || fail "the unit does not read /etc/default/sysray-exporter"
for key in AmbientCapabilities CapabilityBoundingSet; do
	grep -qx "$key=CAP_BPF CAP_PERFMON CAP_DAC_READ_SEARCH" "$unit" || fail "$key is not exactly CAP_BPF CAP_PERFMON CAP_DAC_READ_SEARCH"
done
grep -qx 'DynamicUser=yes' "$unit" && grep -qx 'Restart=on-failure' "$unit" ||
	fail "the unit is not DynamicUser=yes with Restart=on-failure"
[ "$failed" = 0 ] && ok "all checks passed"
exit "$failed"
