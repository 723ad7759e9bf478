// SPDX-License-Identifier: GPL-2.0
/* The cost floor of syscall tracing, for scripts/bench.sh (sysray-floor-bench): the least that
 * any tracer built on the raw_syscalls tracepoints pays, to set sysray's own overhead against.
 * `mode` (rodata, a set of MODE_ bits) picks what each program does, system-wide, with no
 * filter:
 *   empty          nothing: the tracepoints' slow syscall path and two program runs
 *   MODE_CLOCK     one bpf_ktime_get_ns() on each side, as `sysray count` (and `trace -T`)
 *                  need for durations
 *   MODE_COPY      a 1-byte bpf_probe_read_user() of read/write's buffer, as `sysray trace`
 *                  does for the data of every read and write of dd bs=1
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

#define MODE_CLOCK 1
#define MODE_COPY 2
const volatile int mode = 0;
__u64 sink;  /* keeps the results alive */

#define NR_read 0
#define NR_write 1

SEC("tp_btf/sys_enter")
int BPF_PROG(floor_enter, struct pt_regs *regs, long id)
{
	__u8 byte = 0;

	if (mode & MODE_CLOCK)
		sink += bpf_ktime_get_ns();
	if ((mode & MODE_COPY) && id == NR_write) {
		bpf_probe_read_user(&byte, 1, (const void *)regs->si);
		sink += byte;
	}
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(floor_exit, struct pt_regs *regs, long ret)
{
	__u8 byte = 0;

	if (mode & MODE_CLOCK)
		sink += bpf_ktime_get_ns();
	if ((mode & MODE_COPY) && regs->orig_ax == NR_read && ret > 0) {
		bpf_probe_read_user(&byte, 1, (const void *)regs->si);
		sink += byte;
	}
	return 0;
}
