// SPDX-License-Identifier: GPL-2.0
/* Tiny programs that `sysray features` loads and attaches one at a time to learn what this
 * kernel allows (userspace/kernel/features.cpp). Every program starts with autoload off ("?"):
 * the prober switches on exactly the one it tries. They do nothing when they run. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

SEC("?tp_btf/sys_enter")
int BPF_PROG(probe_tp_btf) { return 0; }

SEC("?raw_tp/sys_enter")
int BPF_PROG(probe_raw_tp) { return 0; }

SEC("?tracepoint/sched/sched_process_exit")
int probe_tracepoint(void *ctx) { return 0; }

SEC("?kprobe")
int BPF_KPROBE(probe_kprobe) { return 0; }

SEC("?kretprobe")
int BPF_KRETPROBE(probe_kretprobe) { return 0; }

SEC("?kprobe.multi")
int BPF_KPROBE(probe_kprobe_multi) { return 0; }

SEC("?fentry/vfs_read")
int BPF_PROG(probe_fentry) { return 0; }

SEC("?fexit/vfs_read")
int BPF_PROG(probe_fexit) { return 0; }

/* bpf_get_stack with user stacks: what stack traces will need. */
SEC("?raw_tp/sys_enter")
int probe_get_stack(void *ctx)
{
	__u64 ips[8];

	bpf_get_stack(ctx, ips, sizeof(ips), BPF_F_USER_STACK);
	return 0;
}

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} probe_ring SEC(".maps");

SEC("?raw_tp/sys_enter")
int probe_ringbuf(void *ctx)
{
	bpf_ringbuf_output(&probe_ring, &ctx, sizeof(ctx), 0);
	return 0;
}
