#!/bin/sh
# Writes vmlinux.h (all kernel types, for CO-RE) from the build machine's kernel BTF.
# CO-RE relocations make the resulting objects portable to other kernels with BTF.
set -eu
bpftool=$1 out=$2
if [ ! -r /sys/kernel/btf/vmlinux ]; then
  echo "gen-vmlinux-h: /sys/kernel/btf/vmlinux is missing: the build needs a kernel with CONFIG_DEBUG_INFO_BTF" >&2
  exit 1
fi
"$bpftool" btf dump file /sys/kernel/btf/vmlinux format c > "$out.tmp"
mv "$out.tmp" "$out"
