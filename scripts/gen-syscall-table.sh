#!/bin/sh
# Turns the kernel headers' asm/unistd_64.h into a C++ initializer list of {nr, "name"}:
# the built-in syscall table used when tracefs cannot be read.
set -eu
in=$1 out=$2
sed -n 's/^#define __NR_\([a-z0-9_]*\)[[:space:]]\+\([0-9]\+\)$/{\2, "\1"},/p' "$in" > "$out.tmp"
mv "$out.tmp" "$out"
