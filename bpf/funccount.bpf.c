// SPDX-License-Identifier: GPL-2.0
/* `sysray funccount`: counts calls of kernel functions and tracepoints in the kernel. Every
 * attachment carries a BPF cookie: the index of its counter slot, so one program serves every
 * function it is attached to (kprobe.multi, kprobe, tracepoint) and the fentry copies the
 * loader makes of `count_fentry` share the same map. The loader enables only the program of the
 * chosen backend. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "targets.bpf.h"

char LICENSE[] SEC("license") = "GPL";

#define MAX_FUNCS 8192

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MAX_FUNCS);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

static __always_inline int count(void *ctx)
{
	__u32 slot = bpf_get_attach_cookie(ctx);
	__u64 *n;

	/* Without -p or --cgroup every call counts, sysray's own and the idle task's (tgid 0)
	 * included. */
	if ((filter_pids || filter_cgroup) && !target_selected(bpf_get_current_pid_tgid() >> 32))
		return 0;
	n = bpf_map_lookup_elem(&counts, &slot);
	if (n)
		*n += 1;
	return 0;
}

SEC("?kprobe.multi")
int count_kprobe_multi(struct pt_regs *ctx) { return count(ctx); }

SEC("?kprobe")
int count_kprobe(struct pt_regs *ctx) { return count(ctx); }

SEC("?tracepoint")
int count_tracepoint(void *ctx) { return count(ctx); }

/* Loaded once per function by the loader, each copy with its own attach target. */
SEC("?fentry")
int count_fentry(void *ctx) { return count(ctx); }
