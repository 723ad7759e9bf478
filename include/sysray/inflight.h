/* SPDX-License-Identifier: GPL-2.0 */
/* `sysray inflight`: what bpf/inflight.bpf.c's task iterator writes per thread of the target
 * processes, and the userspace loader reads back from the iterator's fd. */
#ifndef SYSRAY_INFLIGHT_H
#define SYSRAY_INFLIGHT_H

#include "sysray/events.h"

#define SR_KSTACK_MAX 64            /* kernel frames kept per thread */
#define SR_INFLIGHT_MAX_TGIDS 64    /* processes one snapshot can name (-p PID,PID,...) */

struct sr_thread_snapshot {
	__u32 pid;                  /* tgid */
	__u32 tid;
	__u32 state;                /* task_struct.__state (TASK_* bits) */
	__u32 exit_state;           /* EXIT_ZOMBIE, EXIT_DEAD, or 0 */
	__u64 switched_out_ns;      /* se.exec_start: when the thread last left the CPU (or, when
	                               running, last was accounted), in the scheduler's clock */
	__u64 now_ns;               /* the scheduler's clock as the snapshot was taken (the
	                               iterating thread's own se.exec_start, a tick old at most) */
	__u64 arrived_ns;           /* sched_info.last_arrival: when it last got a CPU, in the
	                               runqueue clock (0 without CONFIG_SCHED_INFO) */
	__u64 rq_now_ns;            /* "now" in that clock, from the iterating thread's own */
	__u32 on_cpu;               /* 1: running on a CPU right now (its registers are not saved) */
	__u32 kstack_len;           /* bytes of kstack filled (8 per frame) */
	char comm[16];
	__u64 regs[SR_STACK_REGS];  /* the user registers saved at its last kernel entry (pt_regs) */
	__u64 kstack[SR_KSTACK_MAX];
};

/* A syscall whose thread was switched out before it returned: syscalls.bpf.c's `parked` map
 * (key: tid), joined with the call's exit there. `sysray trace -p` also parks the calls its
 * targets are already in at attach (from a snapshot), so that their exits are not dropped as
 * calls never entered. */
struct sr_parked_call {
	__u64 ts_ns;
	__u32 nr;
	__u32 enter_sent;           /* its SR_REC_SYSCALL_ENTER record was sent (or, at attach,
	                               shown by userspace): the exit carries only exit captures */
	__u64 args[6];
	__u32 stack_id;             /* trace -k: the stack taken at its enter (0: none) */
	__u32 pad;
};

SR_ASSERT_SIZE(struct sr_parked_call, 72);
SR_ASSERT_SIZE(struct sr_thread_snapshot, 72 + 8 * SR_STACK_REGS + 8 * SR_KSTACK_MAX);

#endif
