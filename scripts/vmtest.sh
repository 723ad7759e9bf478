#!/usr/bin/env bash
# scripts/vmtest.sh — run sysray's runtime tests (or any command) inside QEMU on Debian's cloud
# kernels, which have kprobes, fentry and BTF (the third test tier: README.md, Tests).
#
# Usage: scripts/vmtest.sh [options]
#   (no options)           run $SYSRAY_VM_CMD (default: the runtime tests) on every kernel
#   --kernel K             a kernel to boot; repeatable or comma-separated. K is a series (6.1,
#                          6.12), a linux-image-* package name, a .deb or a vmlinuz file.
#                          Default: $SYSRAY_VM_KERNELS, else "6.1 6.12".
#   --cmd 'CMD'            the command to run in the guest (sh syntax, from /), instead of the tests
#   --smoke                run `sysray features` instead of the tests: what the kernel allows,
#                          probed by trial loads of every attach type sysray uses
#   --files 'P...'         files/dirs to put in the guest instead of the default list
#   --add P                one more file/dir (repeatable); ldd's libraries come along
#   --env K=V              one more environment variable for the guest command (repeatable)
#   --module M             a kernel module (name, e.g. veth) to insmod with its dependencies
#   --timeout S            seconds per kernel, boot included (default $SYSRAY_VM_TIMEOUT or 900)
#   --shell                boot one kernel into an interactive busybox shell (no timeout)
#   --fetch-only           download and unpack the kernels into the cache, then stop
#   --keep                 keep the staging directory (initramfs tree) for inspection
#   -v, --verbose          stream the serial console while the guest runs
#   -h, --help
#
# Environment: SYSRAY_VM_CACHE (kernel cache, default /var/cache/sysray-vm), SYSRAY_VM_KERNELS,
# SYSRAY_VM_CMD, SYSRAY_VM_FILES, SYSRAY_VM_TIMEOUT, SYSRAY_VM_MODULES, SYSRAY_VM_MEM (2G),
# SYSRAY_VM_SMP (2), SYSRAY_VM_TCG_THREAD (single or multi; default single),
# SYSRAY_TEST_TIMEOUT_SCALE (passed to the guest: the runtime tests' deadlines are multiplied by
# it; default 4), SYSRAY_VM_APPEND (extra kernel arguments),
# SYSRAY_VM_DMESG_ALLOW (an ERE: guest kernel-log lines that match it are not failures),
# SYSRAY_VM_GZIP (gzip level, 0 = no compression; default 1), SYSRAY_BUILD_DIR (default
# <repo>/build), SYSRAY_VM_RESULTS (default <build>/vmtest).
#
# Guest layout: a file inside the repository lands at the same path relative to the guest's /
# (build/sysray -> /build/sysray), anything else at its own absolute path, and the repository's
# absolute path is a symlink to / so that paths compiled into test binaries still resolve.
# Libraries that ldd lists (and the loader) keep their paths. The guest command runs from / with
# SYSRAY_BIN, SYSRAY_WORKLOADS, SYSRAY_VM=1, SYSRAY_VM_KERNEL (label) and SYSRAY_VM_RELEASE set.
#
# Per kernel it writes <results>/<label>.log (serial console) and <label>.dmesg (guest kernel log),
# and at the end summary.txt (the table it prints) and results.tsv (label, release, PASS/FAIL,
# command s, wall s, reason; one kernel per line). PASS needs: the result marker, rc 0, and no
# BUG/WARNING/Oops/Call Trace/panic in the guest's kernel log.
# Exit status: 0 all passed, 1 a kernel failed, 2 usage or setup error.
# shellcheck disable=SC2012,SC2059  # ls of our own cache names; printf formats built from column widths
set -euo pipefail

PROG=vmtest
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
BUILD=${SYSRAY_BUILD_DIR:-$REPO/build}
case $BUILD in /*) ;; *) BUILD=$REPO/$BUILD ;; esac
RESULTS=${SYSRAY_VM_RESULTS:-$BUILD/vmtest}
CACHE=${SYSRAY_VM_CACHE:-/var/cache/sysray-vm}
TIMEOUT=${SYSRAY_VM_TIMEOUT:-900}
MEM=${SYSRAY_VM_MEM:-2G}
SMP=${SYSRAY_VM_SMP:-2}
GZIP_LEVEL=${SYSRAY_VM_GZIP:-1}
TEST_TIMEOUT_SCALE=${SYSRAY_TEST_TIMEOUT_SCALE:-4}
# WHY single: with one host thread per vCPU (multi-threaded TCG), a vCPU can still run a
# translated block holding the int3 that the kernel's text_poke_bp() has already removed and
# synced, and the guest dies with "Oops: int3" (seen on 6.12 in __schedule, at the static-key NOP
# that attaching to sched_switch patches). One thread for all vCPUs keeps -smp 2 without that.
TCG_THREAD=${SYSRAY_VM_TCG_THREAD:-single}
DMESG_ALLOW=${SYSRAY_VM_DMESG_ALLOW:-}
DMESG_BAD='\b(BUG|WARNING|Oops)\b|Call Trace|Kernel panic|general protection fault|\bUBSAN:|\bKASAN:|soft lockup|hard LOCKUP|blocked for more than [0-9]+ seconds'

# series -> Debian meta-package that depends on the newest real image of that series
declare -A META=([6.1]=linux-image-cloud-amd64 [6.12]=linux-image-6.12-cloud-amd64)

die() { echo "$PROG: error: $*" >&2; exit 2; }
note() { echo "$PROG: $*" >&2; }
usage() { awk 'NR == 1 { next } !/^#/ { exit } !/shellcheck/ { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; }
sq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }  # quote for sh

# ---------------------------------------------------------------- arguments
kernels=() cmd=${SYSRAY_VM_CMD:-} cmd_given=0 smoke=0 shell=0 fetch_only=0 keep=0 verbose=0
files_override=${SYSRAY_VM_FILES:-} extra_files=() extra_env=() modules=()
read -ra modules <<<"${SYSRAY_VM_MODULES:-}"
[ -n "$cmd" ] && cmd_given=1
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) [ $# -ge 2 ] || die "--kernel needs a value"; IFS=', ' read -ra k <<<"$2"; kernels+=("${k[@]}"); shift ;;
	--kernel=*) IFS=', ' read -ra k <<<"${1#*=}"; kernels+=("${k[@]}") ;;
	--cmd) [ $# -ge 2 ] || die "--cmd needs a value"; cmd=$2 cmd_given=1; shift ;;
	--cmd=*) cmd=${1#*=} cmd_given=1 ;;
	--smoke) smoke=1 ;;
	--files) [ $# -ge 2 ] || die "--files needs a value"; files_override=$2; shift ;;
	--add) [ $# -ge 2 ] || die "--add needs a value"; extra_files+=("$2"); shift ;;
	--env) [ $# -ge 2 ] || die "--env needs K=V"; extra_env+=("$2"); shift ;;
	--module) [ $# -ge 2 ] || die "--module needs a name"; modules+=("$2"); shift ;;
	--timeout) [ $# -ge 2 ] || die "--timeout needs seconds"; TIMEOUT=$2; shift ;;
	--shell) shell=1 ;;
	--fetch-only) fetch_only=1 ;;
	--keep) keep=1 ;;
	-v | --verbose) verbose=1 ;;
	-h | --help) usage; exit 0 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
	shift
done
[ ${#kernels[@]} -gt 0 ] || read -ra kernels <<<"${SYSRAY_VM_KERNELS:-6.1 6.12}"
[ ${#kernels[@]} -gt 0 ] || die "no kernels selected"
[[ $TIMEOUT =~ ^[0-9]+$ && $TIMEOUT -ge 10 ]] || die "timeout must be a number of seconds >= 10"
[[ $GZIP_LEVEL =~ ^[0-9]$ ]] || die "SYSRAY_VM_GZIP must be 0..9"
for e in "${extra_env[@]}"; do [[ $e =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || die "--env wants K=V, got '$e'"; done
[ "$shell" = 1 ] && [ ${#kernels[@]} -ne 1 ] && die "--shell boots one kernel: add --kernel K"

# ---------------------------------------------------------------- host tools
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
ensure_packages() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	note "installing ${missing[*]}"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2 ||
		{ as_root apt-get update -qq >&2 && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2; } ||
		die "could not install ${missing[*]} (need root or sudo)"
}
ensure_packages qemu-system-x86 busybox-static cpio binutils

# ---------------------------------------------------------------- kernel cache
if ! mkdir -p "$CACHE" 2>/dev/null || [ ! -w "$CACHE" ]; then
	[ -n "${SYSRAY_VM_CACHE:-}" ] && die "cache $CACHE is not writable"
	CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/sysray-vm
	note "/var/cache/sysray-vm is not writable; caching kernels in $CACHE"
	mkdir -p "$CACHE"
fi
mkdir -p "$CACHE/debs" "$CACHE/kernels" "$CACHE/resolved"

apt_updated=0
apt_update_once() {  # WHY: once per run, when apt does not know a kernel we want
	[ "$apt_updated" = 1 ] && return 1
	apt_updated=1
	note "apt-get update ($1)"
	as_root apt-get update -qq >&2 || true
}

# candidate_version PKG -> the version apt would download, or nothing
candidate_version() {
	apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { if ($2 != "(none)") print $2; exit }'
}

# resolve_series SERIES -> real image package name (linux-image-<abi>-cloud-amd64) on stdout
resolve_series() {
	local s=$1 meta=${META[$1]:-} dep="" pat
	pat="^linux-image-${s//./\\.}[.-]"
	if [ -n "$meta" ]; then
		dep=$(apt-cache depends "$meta" 2>/dev/null | awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { print $2; exit }')
		if [ -n "$dep" ] && ! [[ $dep =~ $pat ]]; then
			note "$meta depends on $dep, which is not a $s kernel; searching for one"
			dep=""
		fi
	fi
	if [ -z "$dep" ]; then
		# No meta-package (or it moved on): the newest linux-image-<series>...-cloud-amd64.
		dep=$(apt-cache search --names-only "^linux-image-${s//./\\.}[.-].*-cloud-amd64\$" 2>/dev/null |
			awk '{ print $1 }' | sort -V | tail -n 1)
	fi
	[ -n "$dep" ] && echo "$dep"
}

explain_missing() {  # what apt knows, for a FAIL line
	local s=$1 meta=${META[$1]:-linux-image-$1-cloud-amd64}
	note "kernel $s: no package found. apt-cache policy $meta:"
	apt-cache policy "$meta" 2>&1 | sed 's/^/    /' >&2
	if [ "$s" = 6.12 ]; then
		note "  6.12 comes from bookworm (point release/security) as $meta, or from bookworm-backports as"
		note "  linux-image-cloud-amd64 (add 'deb http://deb.debian.org/debian bookworm-backports main'"
		note "  to /etc/apt/sources.list.d/ and run apt-get update). apt-cache policy linux-image-cloud-amd64:"
		apt-cache policy linux-image-cloud-amd64 2>&1 | sed 's/^/    /' >&2
	fi
}

# fetch_kernel SPEC -> sets K_LABEL K_PKG K_VER K_DIR K_VMLINUZ K_RELEASE; returns 1 (+ K_ERR) on failure
fetch_kernel() {
	local spec=$1 deb="" pkg="" ver="" dir tmp
	K_LABEL="" K_PKG="" K_VER="" K_DIR="" K_VMLINUZ="" K_RELEASE="" K_ERR=""
	if [ -f "$spec" ] && [[ $spec != *.deb ]]; then  # a bare vmlinuz: no modules
		K_LABEL=$(basename "$spec") K_PKG=- K_VER=- K_DIR="" K_VMLINUZ=$(realpath "$spec")
		K_RELEASE=$(file -b "$K_VMLINUZ" 2>/dev/null | sed -n 's/.*version \([^ ,]*\).*/\1/p')
		return 0
	fi
	if [ -f "$spec" ]; then  # a .deb
		deb=$(realpath "$spec") pkg=$(dpkg-deb -f "$deb" Package) ver=$(dpkg-deb -f "$deb" Version)
		K_LABEL=$pkg
	else
		K_LABEL=$spec
		case $spec in
		linux-image-*) pkg=$spec ;;
		[0-9]*.[0-9]*)
			pkg=$(resolve_series "$spec") || true
			if [ -z "$pkg" ] && apt_update_once "no package for kernel $spec yet"; then pkg=$(resolve_series "$spec") || true; fi
			if [ -z "$pkg" ] && [ -s "$CACHE/resolved/$spec" ]; then
				pkg=$(cat "$CACHE/resolved/$spec")
				note "kernel $spec: apt cannot resolve it now; using the cached $pkg"
			fi
			[ -n "$pkg" ] || { explain_missing "$spec"; K_ERR="no Debian package for kernel $spec in the apt sources"; return 1; }
			;;
		*) K_ERR="'$spec' is neither a series (6.1), a linux-image-* package, nor a file"; return 1 ;;
		esac
		ver=$(candidate_version "$pkg")
		if [ -z "$ver" ] && apt_update_once "no candidate version of $pkg"; then ver=$(candidate_version "$pkg"); fi
		if [ -z "$ver" ]; then
			# Offline or dropped from the archive: take the newest cached download.
			deb=$(ls -1 "$CACHE/debs/${pkg}"_*.deb 2>/dev/null | sort -V | tail -n 1) || true
			[ -n "$deb" ] || { K_ERR="apt has no candidate for $pkg and nothing is cached"; return 1; }
			ver=$(dpkg-deb -f "$deb" Version)
			note "kernel $spec: apt has no candidate for $pkg; using cached $ver"
		else
			deb=$CACHE/debs/${pkg}_${ver//:/%3a}_amd64.deb
			if [ ! -s "$deb" ]; then
				note "downloading $pkg $ver"
				(cd "$CACHE/debs" && apt-get download -q "$pkg=$ver" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2) || true
				[ -s "$deb" ] || { K_ERR="apt-get download $pkg=$ver failed"; return 1; }
			fi
		fi
		if [[ $spec == [0-9]* ]]; then echo "$pkg" >"$CACHE/resolved/$spec"; fi
	fi
	dir=$CACHE/kernels/${pkg}_${ver//:/%3a}
	if [ ! -d "$dir" ]; then
		tmp=$(mktemp -d "$dir.tmp.XXXXXX")
		dpkg -x "$deb" "$tmp" || { rm -rf "$tmp"; K_ERR="dpkg -x $deb failed"; return 1; }
		mv -T "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"  # lost a race with another run: fine
	fi
	K_VMLINUZ=$(ls -1 "$dir"/boot/vmlinuz-* 2>/dev/null | head -n 1)
	[ -n "$K_VMLINUZ" ] || { K_ERR="$deb has no boot/vmlinuz-*"; return 1; }
	K_PKG=$pkg K_VER=$ver K_DIR=$dir K_RELEASE=${K_VMLINUZ##*/vmlinuz-}
}

# ---------------------------------------------------------------- what goes into the guest
guest_path() {  # host path -> guest path
	local a
	a=$(realpath -s "$1")
	case $a in "$REPO"/*) echo "/${a#"$REPO"/}" ;; *) echo "$a" ;; esac
}

is_elf() { [ "$(head -c 4 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 7f454c46 ]; }

ROOT="" STAGE="" libs_seen=""
install_file() {  # HOST_PATH GUEST_PATH: copy (dereferenced), replacing whatever is there
	mkdir -p "$ROOT$(dirname "$2")"
	rm -f "$ROOT$2"
	cp -L --preserve=mode "$1" "$ROOT$2"
}

install_libs_of() {  # ELF: the libraries ldd lists and the loader, at their own paths
	local out line lib
	out=$(ldd "$1" 2>&1) || return 0  # static or not a dynamic executable
	if grep -q 'not found' <<<"$out"; then
		die "$1 needs libraries that are missing on this host:"$'\n'"$(grep 'not found' <<<"$out")"
	fi
	while read -r line; do
		case $line in
		*'=> /'*) lib=${line#*=> }; lib=${lib%% (*} ;;
		/*) lib=${line%% (*} ;;
		*) continue ;;  # linux-vdso.so.1
		esac
		case " $libs_seen " in *" $lib "*) continue ;; esac
		libs_seen+=" $lib"
		install_file "$lib" "$lib"
	done <<<"$out"
}

install_path() {  # HOST_PATH (file or directory, recursively); ELFs bring their libraries
	local src=$1 dst f
	[ -e "$src" ] || die "$src does not exist"
	dst=$(guest_path "$src")
	case $dst in /proc/* | /sys/* | /dev/*) die "$src would land in the guest's $dst, which is a kernel mount" ;; esac
	if [ -d "$src" ]; then
		mkdir -p "$ROOT$dst"
		while IFS= read -r -d '' f; do
			install_path "$f"
		done < <(find "$src" -mindepth 1 -maxdepth 1 -print0)
		return 0
	fi
	install_file "$src" "$dst"
	if [ -x "$src" ] && is_elf "$src"; then install_libs_of "$src"; fi
}

# add_modules KDIR KROOT RELEASE NAME...: copies the modules and their dependencies (uncompressed)
# into KROOT, prints their guest paths in load order; on failure writes the reason to KROOT/.err
add_modules() {
	local kdir=$1 kroot=$2 release=$3; shift 3
	local -A done_=() ; local order=()
	add_one() {
		local name=${1//-/_} f deps d
		[ -n "${done_[$name]:-}" ] && return 0
		done_[$name]=1
		f=$(find "$kdir/lib/modules/$release" -name "$1.ko*" -o -name "${name}.ko*" -o -name "${1//_/-}.ko*" | head -n 1)
		[ -n "$f" ] || { echo "module $1 not found in $K_PKG (built in? then drop --module $1)" >"$kroot/.err"; return 1; }
		local rel=${f#"$kdir"}; rel=${rel%.xz}; rel=${rel%.zst}; rel=${rel%.gz}
		mkdir -p "$kroot$(dirname "$rel")"
		case $f in
		*.xz) xz -dc "$f" >"$kroot$rel" ;;
		*.zst) zstd -qdc "$f" >"$kroot$rel" ;;
		*.gz) gzip -dc "$f" >"$kroot$rel" ;;
		*) cp "$f" "$kroot$rel" ;;
		esac
		objcopy -O binary --only-section=.modinfo "$kroot$rel" "$kroot/.modinfo" ||
			{ echo "objcopy could not read .modinfo of $f" >"$kroot/.err"; return 1; }
		deps=$(tr '\0' '\n' <"$kroot/.modinfo" | sed -n 's/^depends=//p' | tr ',' ' ')
		rm -f "$kroot/.modinfo"
		for d in $deps; do add_one "$d" || return 1; done
		order+=("$rel")
	}
	local m
	for m in "$@"; do add_one "$m" || return 1; done
	printf '%s\n' "${order[@]}"
}

make_cpio() {  # DIR OUT: newc archive of DIR, gzip'ed unless SYSRAY_VM_GZIP=0
	(cd "$1" && find . -mindepth 1 -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --owner=0:0 --reproducible --quiet) |
		if [ "$GZIP_LEVEL" = 0 ]; then cat; else gzip -n -"$GZIP_LEVEL"; fi >"$2"
}

# ---------------------------------------------------------------- what the caller wants in the guest
if [ "$smoke" = 1 ] && [ "$cmd_given" = 0 ]; then
	cmd="$(guest_path "$BUILD")/sysray features"
fi
files=()
if [ -n "$files_override" ]; then
	read -ra files <<<"$files_override"
elif [ "$smoke" = 1 ] && [ "$fetch_only" = 0 ]; then
	[ -x "$BUILD/sysray" ] || die "$BUILD/sysray is missing: build first (scripts/setup.sh)"
	files+=("$BUILD/sysray")
elif [ "$fetch_only" = 0 ]; then
	for f in "$BUILD/sysray" "$BUILD/sysray-runtime-tests" "$BUILD/workloads"; do
		if [ -e "$f" ]; then
			files+=("$f")
		elif [ "$cmd_given" = 0 ] && [ "$shell" = 0 ]; then
			die "$f is missing: build first (scripts/setup.sh), or pick files with --files/--add"
		else
			note "$f is not built: the guest will not have it"
		fi
	done
	# The runtime tests compare against strace in the same run (sysray trace -- strace ...).
	if command -v strace >/dev/null; then
		files+=("$(command -v strace)")
	else
		die "strace is missing: the runtime tests need it (scripts/setup.sh installs it)"
	fi
	# The exporter's runtime test scrapes sysray with the real Prometheus and lints a scrape with
	# promtool (static-ish Go binaries, about 50 MB each).
	for tool in prometheus promtool; do
		path=$(command -v "$tool") || die "$tool is missing: the runtime tests need it (scripts/setup.sh installs prometheus)"
		files+=("$path")
	done
	# The runtime tests drop privileges with util-linux's setpriv (--reuid...), which busybox's
	# applet of that name lacks: the real one replaces it in the guest. They ask bpftool whether
	# a program is still loaded.
	if [ "$cmd_given" = 0 ] && [ "$shell" = 0 ]; then
		setpriv=$(command -v setpriv) || die "setpriv (util-linux) is missing: the runtime tests need it"
		bpftool=$(command -v bpftool) || die "bpftool is missing: the runtime tests need it"
		files+=("$setpriv" "$bpftool")
	fi
fi

# ---------------------------------------------------------------- fetch kernels
declare -A KL_PKG KL_VER KL_DIR KL_VMLINUZ KL_RELEASE KL_ERR
labels=()
exec 9>"$CACHE/.lock"
flock 9
for spec in "${kernels[@]}"; do
	if fetch_kernel "$spec"; then :; fi
	label=${K_LABEL:-$spec}
	labels+=("$label")
	KL_PKG[$label]=${K_PKG:--} KL_VER[$label]=${K_VER:--} KL_DIR[$label]=$K_DIR
	KL_VMLINUZ[$label]=$K_VMLINUZ KL_RELEASE[$label]=$K_RELEASE KL_ERR[$label]=$K_ERR
	[ -z "$K_ERR" ] && note "kernel $label: ${K_PKG} ${K_VER} ($K_VMLINUZ)"
done
flock -u 9

if [ "$fetch_only" = 1 ]; then
	rc=0
	for l in "${labels[@]}"; do
		if [ -n "${KL_ERR[$l]}" ]; then echo "FAIL $l: ${KL_ERR[$l]}"; rc=1; else echo "OK   $l: ${KL_PKG[$l]} ${KL_VER[$l]}"; fi
	done
	exit $rc
fi

# ---------------------------------------------------------------- the initramfs
mkdir -p "$RESULTS"
rm -f "$RESULTS/summary.txt" "$RESULTS/results.tsv"  # WHY: a run that dies must not leave old verdicts
STAGE=$(mktemp -d "$RESULTS/stage.XXXXXX")
if [ "$keep" = 1 ]; then note "staging in $STAGE (kept)"; else trap 'rm -rf "$STAGE"' EXIT; fi
ROOT=$STAGE/root
mkdir -p "$ROOT"/{bin,sbin,usr/bin,usr/sbin,etc/sysray-vm,root,tmp,proc,sys,dev,run,lib,lib64}

# busybox (static in busybox-static; ldd brings libraries if not) and its applets as symlinks
BUSYBOX=$(command -v busybox) || BUSYBOX=/bin/busybox
install_file "$BUSYBOX" /bin/busybox
install_libs_of "$BUSYBOX"
while read -r applet; do
	[ "$applet" = bin/busybox ] && continue
	mkdir -p "$ROOT/$(dirname "$applet")"
	ln -sf /bin/busybox "$ROOT/$applet"
done < <("$ROOT/bin/busybox" --list-full)

for f in "${files[@]}" "${extra_files[@]}"; do
	case $f in /*) ;; *) f=$REPO/$f ;; esac
	install_path "$f"
done

# make the repository's host path lead to the guest's / (paths baked into test binaries)
if [ "$REPO" != / ] && [ ! -e "$ROOT$REPO" ]; then
	mkdir -p "$ROOT$(dirname "$REPO")"
	ln -s / "$ROOT$REPO"
fi

# /init, a few /etc files, the loader cache, /dev/console
cp "$REPO/scripts/vm/init" "$ROOT/init"
chmod 0755 "$ROOT/init"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$ROOT/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$ROOT/etc/group"
printf '127.0.0.1\tlocalhost sysray-vm\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$ROOT/etc/hosts"
echo 'hosts: files' >"$ROOT/etc/nsswitch.conf"
echo sysray-vm >"$ROOT/etc/hostname"  # WHY: workloads open it as "a file that exists everywhere"
find "$ROOT" -path "$ROOT/etc" -prune -o -type f -name '*.so*' -printf '%h\n' | sed "s|^$ROOT||" | sort -u >"$ROOT/etc/ld.so.conf"
ldconfig -r "$ROOT" 2>/dev/null || note "ldconfig -r failed (the loader still searches its default paths)"
if [ "$(id -u)" = 0 ]; then mknod -m 600 "$ROOT/dev/console" c 5 1; mknod -m 666 "$ROOT/dev/null" c 1 3; fi

# the run: command and environment
run_id=$(date +%s)-$$-$RANDOM
guest_build=$(guest_path "$BUILD")
# --use-colour no: the guest's console is a tty, and escape codes would clutter the logs;
# --durations yes: each test case's time under TCG, to see which ones are slow there
# Default: every runtime test (sockets with its auto backend, fentry on these kernels), then the
# sockets tests again with each other backend forced; all of them run, the status is the worst.
if [ "$cmd_given" = 0 ] && [ "$smoke" = 0 ]; then
	tests="$guest_build/sysray-runtime-tests --use-colour no --durations yes"
	cmd="rc=0; $tests || rc=1"
	for backend in kprobe syscalls; do
		cmd="$cmd; echo '=== [sockets] with SYSRAY_SOCKETS_BACKEND=$backend'"
		cmd="$cmd; SYSRAY_SOCKETS_BACKEND=$backend $tests '[sockets]' || rc=1"
	done
	cmd="$cmd; exit \$rc"
fi
guest_timeout=$((TIMEOUT - TIMEOUT / 10 - 10))
{
	echo "ID=$(sq "$run_id")"
	echo "SYSRAY_VM_GUEST_TIMEOUT=$guest_timeout"
	echo "SYSRAY_VM_SHELL=$shell"
	echo "export SYSRAY_VM=1"
	echo "export SYSRAY_BIN=$(sq "$guest_build/sysray")"
	echo "export SYSRAY_WORKLOADS=$(sq "$guest_build/workloads")"
	# WHY: QEMU without KVM (TCG) runs the guest several times slower than the host; the runtime
	# tests multiply their deadlines by this (tests/runtime/runtime_support.h).
	echo "export SYSRAY_TEST_TIMEOUT_SCALE=$(sq "$TEST_TIMEOUT_SCALE")"
	for e in "${extra_env[@]}"; do echo "export ${e%%=*}=$(sq "${e#*=}")"; done
} >"$ROOT/etc/sysray-vm/env"
printf '%s\n' "$cmd" >"$ROOT/etc/sysray-vm/cmd"

make_cpio "$ROOT" "$STAGE/base.cpio"
base_size=$(stat -c %s "$STAGE/base.cpio")
note "initramfs: $(du -sh --apparent-size "$ROOT" | cut -f1) unpacked, $((base_size / 1024)) KiB compressed (gzip -$GZIP_LEVEL)"

# ---------------------------------------------------------------- boot
declare -A R_RESULT R_RC R_BOOT R_CMD R_WALL R_REASON
results_sep() { printf '%s\n' "----------------------------------------------------------------------"; }

boot_one() {
	local l=$1 log=$RESULTS/$1.log dm=$RESULTS/$1.dmesg kstage initrd t0 t1 qrc reason="" rc="" bad mods
	R_RESULT[$l]=FAIL R_RC[$l]=- R_BOOT[$l]=- R_CMD[$l]=- R_WALL[$l]=- R_REASON[$l]=""
	rm -f "$log" "$dm"
	if [ -n "${KL_ERR[$l]}" ]; then R_REASON[$l]=${KL_ERR[$l]}; return; fi

	# per-kernel part of the initramfs: modules and the kernel's label (appended archive)
	kstage=$STAGE/k-$l
	mkdir -p "$kstage/etc/sysray-vm"
	if [ ${#modules[@]} -gt 0 ]; then
		if [ -z "${KL_DIR[$l]}" ]; then R_REASON[$l]="--module needs a packaged kernel, not a bare vmlinuz"; return; fi
		K_PKG=${KL_PKG[$l]}
		if ! mods=$(add_modules "${KL_DIR[$l]}" "$kstage" "${KL_RELEASE[$l]}" "${modules[@]}"); then
			R_REASON[$l]="$(cat "$kstage/.err" 2>/dev/null || echo "could not collect modules ${modules[*]}")"; return
		fi
		printf '%s\n' "$mods" >"$kstage/etc/sysray-vm/modules"
	fi
	{
		cat "$ROOT/etc/sysray-vm/env"
		echo "KERNEL_LABEL=$(sq "$l")"
		echo "export SYSRAY_VM_KERNEL=$(sq "$l") SYSRAY_VM_RELEASE=$(sq "${KL_RELEASE[$l]}")"
	} >"$kstage/etc/sysray-vm/env"
	initrd=$STAGE/initrd-$l.img
	make_cpio "$kstage" "$STAGE/k-$l.cpio"
	cat "$STAGE/base.cpio" "$STAGE/k-$l.cpio" >"$initrd"  # the kernel unpacks concatenated archives

	local qemu=(qemu-system-x86_64 -accel "tcg,thread=$TCG_THREAD" -cpu max -m "$MEM" -smp "$SMP"
		-nographic -no-reboot -nic none
		-kernel "${KL_VMLINUZ[$l]}" -initrd "$initrd"
		-append "console=ttyS0 quiet panic=-1 ${SYSRAY_VM_APPEND:-}")
	results_sep
	note "booting $l (${KL_PKG[$l]} ${KL_VER[$l]}), log: ${log#"$REPO"/}"
	t0=$(date +%s.%N)
	if [ "$shell" = 1 ]; then
		set +e; "${qemu[@]}" 2>&1 | tee "$log"; qrc=${PIPESTATUS[0]}; set -e
	elif [ "$verbose" = 1 ]; then
		set +e; timeout -k 10 "$TIMEOUT" "${qemu[@]}" </dev/null 2>&1 | tee "$log"; qrc=${PIPESTATUS[0]}; set -e
	else
		set +e; timeout -k 10 "$TIMEOUT" "${qemu[@]}" </dev/null >"$log" 2>&1; qrc=$?; set -e
	fi
	t1=$(date +%s.%N)
	R_WALL[$l]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')

	# The serial log has CRLF line ends and may interleave kernel messages mid-line: match anywhere.
	tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"
	local id=$run_id
	R_BOOT[$l]=$(sed -n "s/.*SYSRAY-VM-BOOTED id=$id uptime=\([0-9.]*\).*/\1/p" "$log" | head -n 1)
	R_BOOT[$l]=${R_BOOT[$l]:--}
	local res
	res=$(grep -o "SYSRAY-VM-RESULT id=$id rc=[0-9]* uptime=[0-9.]*" "$log" | head -n 1) || true
	if [ -n "$res" ]; then
		rc=${res#* rc=}; rc=${rc%% *}
		R_RC[$l]=$rc
		local up_end=${res##*uptime=}
		[ "${R_BOOT[$l]}" != - ] && R_CMD[$l]=$(awk -v a="${R_BOOT[$l]}" -v b="$up_end" 'BEGIN { printf "%.1f", b - a }')
	fi
	sed -n "/SYSRAY-VM-DMESG-BEGIN id=$id/,/SYSRAY-VM-DMESG-END id=$id/{/SYSRAY-VM-DMESG-/d;p}" "$log" >"$dm"

	# kernel-log problems: the dumped dmesg, plus timestamped console lines (a panic has no dump)
	bad=$( { cat "$dm"; grep -E '^\[ *[0-9]+\.[0-9]+\] ' "$log" || true; } |
		grep -E "$DMESG_BAD" | { if [ -n "$DMESG_ALLOW" ]; then grep -Ev "$DMESG_ALLOW" || true; else cat; fi } |
		awk '!seen[$0]++' | head -n 10) || true

	if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
		reason="timeout after ${TIMEOUT}s (QEMU killed)"
		[ "${R_BOOT[$l]}" = - ] && reason+="; the guest never reached /init"
	elif grep -q "SYSRAY-VM-SETUP-ERROR id=$id" "$log"; then
		reason="guest setup failed: $(grep -o "SYSRAY-VM-SETUP-ERROR id=$id .*" "$log" | sed "s/SYSRAY-VM-SETUP-ERROR id=$id //" | paste -sd ';' -)"
	elif [ -z "$res" ]; then
		if [ "${R_BOOT[$l]}" = - ]; then reason="no result marker: the guest never reached /init (QEMU rc=$qrc)"
		else reason="no result marker: the guest stopped during the command (QEMU rc=$qrc)"; fi
	elif [ "$rc" = 124 ] || [ "$rc" = 143 ]; then
		reason="command timed out in the guest after ${guest_timeout}s (rc=$rc)"
	elif [ "$rc" != 0 ]; then
		reason="command failed: rc=$rc"
	elif ! grep -q "SYSRAY-VM-DMESG-END id=$id" "$log"; then
		reason="no kernel log dump after the result"
	fi
	if [ -n "$bad" ]; then
		reason+="${reason:+; }guest kernel log has: $(head -n 1 <<<"$bad" | sed 's/^\[ *[0-9.]*\] //')"
	fi
	if [ -z "$reason" ]; then
		R_RESULT[$l]=PASS
	else
		R_REASON[$l]=$reason
	fi

	# the command's output: always for --cmd runs, the tail on failure otherwise
	if [ "$verbose" = 0 ] && [ "$shell" = 0 ]; then
		local out
		out=$(sed -n "/SYSRAY-VM-CMD-BEGIN id=$id/,/SYSRAY-VM-RESULT id=$id/{/SYSRAY-VM-CMD-BEGIN/d;/SYSRAY-VM-RESULT/d;p}" "$log")
		if [ "$cmd_given" = 1 ] || [ "$smoke" = 1 ]; then
			if [ -n "$out" ]; then printf '%s\n' "$out"; fi
		elif [ -n "$reason" ]; then
			echo "[last 40 lines of the guest's output; full log: $log]"
			tail -n 40 <<<"${out:-$(tail -n 40 "$log")}"
		fi
	fi
	if [ -n "$bad" ]; then
		echo "[guest kernel log lines matching BUG/WARNING/Oops/Call Trace; full log: $dm]"
		printf '%s\n' "$bad" | sed 's/^/  /'
	fi
	echo "${R_RESULT[$l]} $l${reason:+: $reason}"
}

for l in "${labels[@]}"; do
	boot_one "$l"
	if [ "${R_WALL[$l]}" = - ]; then echo "FAIL $l: ${R_REASON[$l]}"; fi  # it did not boot
done

# ---------------------------------------------------------------- summary
results_sep
failed=0
for l in "${labels[@]}"; do [ "${R_RESULT[$l]}" = PASS ] || failed=1; done
wk=6 wp=7
for l in "${labels[@]}"; do
	if [ ${#l} -gt "$wk" ]; then wk=${#l}; fi
	p="${KL_PKG[$l]} ${KL_VER[$l]}"
	if [ ${#p} -gt "$wp" ]; then wp=${#p}; fi
done
fmt="%-${wk}s  %-${wp}s  %-6s %-4s %-7s %-7s %-7s %s\n"
{
	printf "$fmt" kernel package result rc boot_s cmd_s wall_s reason
	for l in "${labels[@]}"; do
		printf "$fmt" "$l" "${KL_PKG[$l]} ${KL_VER[$l]}" "${R_RESULT[$l]}" \
			"${R_RC[$l]}" "${R_BOOT[$l]}" "${R_CMD[$l]}" "${R_WALL[$l]}" "${R_REASON[$l]}"
	done
} | tee "$RESULTS/summary.txt"
# the same, one kernel per line, tab-separated, for scripts/test.sh's summary
for l in "${labels[@]}"; do
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$l" "${KL_RELEASE[$l]:--}" "${R_RESULT[$l]}" "${R_CMD[$l]}" \
		"${R_WALL[$l]}" "${R_REASON[$l]}"
done >"$RESULTS/results.tsv"
[ "$shell" = 1 ] && cmd="(interactive shell)"
echo "initramfs $((base_size / 1024)) KiB; command: $cmd; logs: $RESULTS/"
exit $failed
