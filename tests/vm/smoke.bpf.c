// SPDX-License-Identifier: GPL-2.0
/* One tiny program per attach mechanism that sysray may use. Every program starts with autoload
 * off ("?"), and smoke.c loads and attaches them one at a time, so one unsupported mechanism
 * cannot hide the others. No vmlinux.h: only context layouts that need no kernel types. */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "smoke.h"

char LICENSE[] SEC("license") = "GPL";

const volatile __u32 target_tgid = 0;
__u64 hits[M_MAX] = {};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} ring SEC(".maps");

static __always_inline int mine(void)
{
	return (bpf_get_current_pid_tgid() >> 32) == target_tgid;
}

static __always_inline void hit(int m)
{
	if (mine())
		__sync_fetch_and_add(&hits[m], 1);
}

SEC("?kprobe/" SMOKE_FUNC)
int on_kprobe(void *ctx) { hit(M_KPROBE); return 0; }

SEC("?kretprobe/" SMOKE_FUNC)
int on_kretprobe(void *ctx) { hit(M_KRETPROBE); return 0; }

SEC("?kprobe.multi/" SMOKE_FUNC)
int on_kprobe_multi(void *ctx) { hit(M_KPROBE_MULTI); return 0; }

SEC("?fentry/" SMOKE_FUNC)
int on_fentry(__u64 *ctx) { hit(M_FENTRY); return 0; }

SEC("?fexit/" SMOKE_FUNC)
int on_fexit(__u64 *ctx) { hit(M_FEXIT); return 0; }

/* sys_enter(struct pt_regs *regs, long id) */
SEC("?tp_btf/sys_enter")
int on_tp_btf(__u64 *ctx)
{
	if (ctx[1] == SMOKE_NR)
		hit(M_TP_BTF);
	return 0;
}

SEC("?raw_tp/sys_enter")
int on_raw_tp(struct bpf_raw_tracepoint_args *ctx)
{
	if (ctx->args[1] == SMOKE_NR)
		hit(M_RAW_TP);
	return 0;
}

SEC("?tracepoint/syscalls/sys_enter_unlink")
int on_tracepoint(void *ctx) { hit(M_TRACEPOINT); return 0; }

SEC("?tp_btf/sys_enter")
int on_ringbuf(__u64 *ctx)
{
	__u64 *e;

	if (ctx[1] != SMOKE_NR || !mine())
		return 0;
	e = bpf_ringbuf_reserve(&ring, sizeof(*e), 0);
	if (!e)
		return 0;
	*e = ctx[1];
	bpf_ringbuf_submit(e, 0);
	return 0;
}
