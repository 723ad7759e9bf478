/* SPDX-License-Identifier: GPL-2.0 */
/* `sysray inflight`: one snapshot of the target processes' threads, taken by a task iterator
 * (each read of the iterator's fd walks every task once) without stopping, signalling or
 * attaching to them. Per thread: its state, when it last left the CPU, the user registers its
 * last kernel entry saved (for a thread blocked in a syscall: the call's number and arguments,
 * and where the unwinder starts) and its kernel stack. Userspace reads the user stack memory
 * itself (/proc/PID/mem) and decodes. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "sysray/inflight.h"

char LICENSE[] SEC("license") = "GPL";

/* The processes asked for (-p): tgid -> 1. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SR_INFLIGHT_MAX_TGIDS);
	__type(key, __u32);
	__type(value, __u8);
} wanted SEC(".maps");

/* The snapshot is too big for the BPF stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sr_thread_snapshot);
} scratch SEC(".maps");

SEC("iter/task")
int snapshot_threads(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task, *me;
	struct sr_thread_snapshot *s;
	struct pt_regs *regs;
	__u32 zero = 0, tgid;
	long n;

	if (!task)
		return 0;
	tgid = task->tgid;
	if (!bpf_map_lookup_elem(&wanted, &tgid))
		return 0;
	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s)
		return 0;
	s->pid = tgid;
	s->tid = task->pid;
	s->state = task->__state;
	s->exit_state = task->exit_state;
	s->on_cpu = task->on_cpu;
	/* update_curr() sets exec_start as the thread is switched out (and at each tick while it
	 * runs): for a blocked thread, the moment it blocked. The iterating thread is running, so
	 * its own exec_start is "now" in the same clock, a tick old at most. */
	s->switched_out_ns = task->se.exec_start;
	me = bpf_get_current_task_btf();
	s->now_ns = me->se.exec_start;
	/* exec_start is zeroed when a task is enqueued on another CPU (ENQUEUE_MIGRATED); since
	 * 6.12 a sleeping task can be migrated while delayed-dequeued and keep 0 for all its sleep.
	 * When it last got a CPU is the fallback: before the block by its last time slice. */
	s->arrived_ns = 0;
	s->rq_now_ns = 0;
	if (bpf_core_field_exists(task->sched_info)) {
		s->arrived_ns = BPF_CORE_READ(task, sched_info.last_arrival);
		/* "Now" in that clock: when this thread got its CPU plus what it has run since
		 * (the runqueues per-CPU symbol is not in every kernel's kallsyms). */
		s->rq_now_ns = BPF_CORE_READ(me, sched_info.last_arrival) +
			       (me->se.sum_exec_runtime - me->se.prev_sum_exec_runtime);
	}
	bpf_probe_read_kernel(s->comm, sizeof(s->comm), task->comm);
	regs = (struct pt_regs *)bpf_task_pt_regs(task);
	if (!regs || bpf_probe_read_kernel(s->regs, sizeof(s->regs), regs))
		__builtin_memset(s->regs, 0, sizeof(s->regs));
	n = bpf_get_task_stack(task, s->kstack, sizeof(s->kstack), 0);
	s->kstack_len = n > 0 ? n : 0;
	bpf_seq_write(ctx->meta->seq, s, sizeof(*s));
	return 0;
}
