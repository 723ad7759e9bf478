// SPDX-License-Identifier: GPL-2.0
/* `sysray funccount`: counts calls of kernel functions and tracepoints in the kernel. Every
 * attachment carries a BPF cookie: the index of its counter slot, so one program serves every
 * function it is attached to (kprobe.multi, kprobe, tracepoint) and the fentry copies the
 * loader makes of `count_fentry` share the same map. The loader enables only the program of the
 * chosen backend. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "sysray/events.h"
#include "sysray/stack_counts.h"
#include "common.bpf.h"
#include "targets.bpf.h"

char LICENSE[] SEC("license") = "GPL";

#define MAX_FUNCS 8192

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MAX_FUNCS);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

/* --stacks: count each distinct kernel stack per slot. The loader sizes both maps to 1 entry
 * when stacks are off, and the verifier drops the branch (rodata). */
const volatile bool count_stacks = false;
const volatile bool stacks_by_comm = false; /* --folded: comm is part of the key */

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, SR_MAX_KSTACK_DEPTH * sizeof(__u64));
} kstacks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, struct sr_stack_key);
	__type(value, __u64);
} stack_counts SEC(".maps");

/* Per slot: hits whose stack could not be counted because `stack_counts` was full (--user:
 * because the ring had no room for the hit). A failed bpf_get_stackid is not lost: it is
 * counted under its negative errno as the stack id. The loader sizes it to the slots. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} stack_table_full SEC(".maps");

/* --user: each hit goes to userspace with its user stack (stack_bytes > 0, from
 * user_stack.bpf.h). The loader gives the ring its size only then. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

LOST_EVENTS_MAP(1);  /* user stacks the ring had no room for */
#define USER_STACK_LOST_SLOT 0
#include "user_stack.bpf.h"

static __always_inline void send_hit(void *ctx, __u32 slot)
{
	struct task_struct *task = bpf_get_current_task_btf();
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct sr_func_hit hit = {};
	__u64 *n;

	hit.type = SR_REC_FUNC_HIT;
	hit.slot = slot;
	hit.kstack_id = bpf_get_stackid(ctx, &kstacks, 0);
	hit.pid = pid_tgid >> 32;
	hit.tid = (__u32)pid_tgid;
	bpf_get_current_comm(hit.comm, sizeof(hit.comm));
	/* A kernel thread has no user stack. Otherwise the registers the thread entered the
	 * kernel with, whatever it does in there now. */
	if (BPF_CORE_READ(task, mm)) {
		/* libbpf declares the helper as returning long: it is the task's pt_regs. */
		hit.stack_id = send_user_stack((struct pt_regs *)bpf_task_pt_regs(task), hit.pid,
					       hit.tid);
		if (!hit.stack_id)
			hit.flags |= SR_HIT_STACK_LOST;
	}
	/* The stack went out without a wakeup: wake the reader once the ring is a quarter full
	 * (each hit carries kilobytes of stack, so the two helper calls do not count). */
	if (bpf_ringbuf_output(&events, &hit, sizeof(hit),
			       bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >
					       bpf_ringbuf_query(&events, BPF_RB_RING_SIZE) / 4
				       ? BPF_RB_FORCE_WAKEUP
				       : BPF_RB_NO_WAKEUP) == 0)
		return;
	n = bpf_map_lookup_elem(&stack_table_full, &slot);
	if (n)
		*n += 1;
}

static __always_inline void count_stack(void *ctx, __u32 slot)
{
	struct sr_stack_key key = {};
	__u64 one = 1, *n;

	key.slot = slot;
	key.kstack_id = bpf_get_stackid(ctx, &kstacks, 0);
	if (stacks_by_comm)
		bpf_get_current_comm(key.comm, sizeof(key.comm));
	n = bpf_map_lookup_elem(&stack_counts, &key);
	if (n) {
		__sync_fetch_and_add(n, 1);
		return;
	}
	/* -EEXIST: another CPU inserted the same key in between. */
	if (bpf_map_update_elem(&stack_counts, &key, &one, BPF_NOEXIST) == 0)
		return;
	n = bpf_map_lookup_elem(&stack_counts, &key);
	if (n) {
		__sync_fetch_and_add(n, 1);
		return;
	}
	n = bpf_map_lookup_elem(&stack_table_full, &slot);
	if (n)
		*n += 1;
}

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
	if (count_stacks && stack_bytes)
		send_hit(ctx, slot);
	else if (count_stacks)
		count_stack(ctx, slot);
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
