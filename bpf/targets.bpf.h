/* The processes a BPF object watches (-p, -- CMD, -f), shared by syscalls.bpf.c and
 * sockets.bpf.c: each object that includes this gets its own `targets` map and settings.
 * The loader fills `targets` with the initial tgids; with -f, sched_process_fork adds the
 * children of targets and sched_process_free removes them again. */
#pragma once

#include <bpf/bpf_core_read.h>

const volatile bool filter_pids = false;   /* only tgids in `targets` */
const volatile bool follow_forks = false;  /* -f: children of targets become targets */
const volatile __u32 self_tgid = 0;        /* sysray itself, never watched */
const volatile bool filter_cgroup = false; /* --cgroup: only tasks in the cgroup v2 subtree in
                                              `cgroup_filter` (slot 0) */

/* Bumped whenever `targets` changes, so that cached verdicts can be recomputed. */
__u64 targets_gen = 0;
/* Children that -f could not follow because `targets` was full. */
__u64 untracked_children = 0;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__uint(map_flags, BPF_F_NO_PREALLOC);  /* sized for -f on big builds, allocated as used */
	__type(key, __u32);   /* tgid */
	__type(value, __u8);
} targets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cgroup_filter SEC(".maps");

/* Is process `tgid`, the current task's, watched? */
static __always_inline bool target_selected(__u32 tgid)
{
	if (filter_cgroup && bpf_current_task_under_cgroup(&cgroup_filter, 0) != 1)
		return false;
	if (filter_pids)
		return bpf_map_lookup_elem(&targets, &tgid) != NULL;
	return tgid != self_tgid;
}

/* sched_process_fork: with -f, a new process of a target is a target too. */
static __always_inline void targets_on_fork(__u32 parent_tgid, __u32 child_tgid)
{
	__u8 one = 1;

	if (!follow_forks || parent_tgid == child_tgid)
		return;
	if (!bpf_map_lookup_elem(&targets, &parent_tgid))
		return;
	if (bpf_map_update_elem(&targets, &child_tgid, &one, BPF_ANY))
		__sync_fetch_and_add(&untracked_children, 1);
	__sync_fetch_and_add(&targets_gen, 1);
}

/* At sched_process_exit: was `task` the last live thread of its process? signal->live is
 * decremented before the tracepoint, so two threads ending at once can both see 0: good enough
 * for a notice, not for forgetting the process (see targets_on_free). (A CO-RE read in both
 * flavours: a thread's exit is rare.) */
static __always_inline bool last_thread(struct task_struct *task)
{
	return BPF_CORE_READ(task, signal, live.counter) == 0;
}

/* sched_process_free of `task`: with -f, a followed process is gone once its leader is freed
 * with no live thread left, and its place is freed so that -f keeps up with long builds.
 * Not at sched_process_exit: there, two threads ending at once both see live == 0, and the
 * first one's delete hid the second one's exit from the other programs. The leader is reaped
 * only after every thread has passed sched_process_exit. live > 0 at a leader's free: a
 * non-leader thread exec'd and took the process over (de_thread). */
static __always_inline void targets_on_free(__u32 pid, __u32 tgid, struct task_struct *task)
{
	if (!follow_forks || pid != tgid || !last_thread(task))
		return;
	if (bpf_map_delete_elem(&targets, &tgid) == 0)
		__sync_fetch_and_add(&targets_gen, 1);
}

/* The programs that follow forks (-f) for an object: NAME_fork_btf and NAME_free_btf (tp_btf),
 * NAME_fork_raw and NAME_free_raw (raw_tp, where tp_btf does not load); the loader autoloads one
 * flavour. */
#define TARGETS_PROGRAMS(name)							\
	SEC("tp_btf/sched_process_fork")					\
	int BPF_PROG(name##_fork_btf, struct task_struct *parent, struct task_struct *child)	\
	{									\
		targets_on_fork(parent->tgid, child->tgid);			\
		return 0;							\
	}									\
	SEC("raw_tp/sched_process_fork")					\
	int BPF_PROG(name##_fork_raw, struct task_struct *parent, struct task_struct *child)	\
	{									\
		targets_on_fork(BPF_CORE_READ(parent, tgid), BPF_CORE_READ(child, tgid));	\
		return 0;							\
	}									\
	SEC("tp_btf/sched_process_free")					\
	int BPF_PROG(name##_free_btf, struct task_struct *task)		\
	{									\
		targets_on_free(task->pid, task->tgid, task);			\
		return 0;							\
	}									\
	SEC("raw_tp/sched_process_free")					\
	int BPF_PROG(name##_free_raw, struct task_struct *task)		\
	{									\
		targets_on_free(BPF_CORE_READ(task, pid), BPF_CORE_READ(task, tgid), task);	\
		return 0;							\
	}
