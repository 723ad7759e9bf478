/* SPDX-License-Identifier: GPL-2.0 */
/* trace -k: the user stack of a traced call, taken at sys_enter as perf's --call-graph dwarf
 * takes it: the registers and a copy of the top of the stack, unwound later in userspace
 * (Debian's glibc has no frame pointers, so bpf_get_stack() stops after one frame there).
 * Included by syscalls.bpf.c and sockets.bpf.c after their `events` ring and LOST_EVENTS_MAP;
 * USER_STACK_LOST_SLOT names the lost_events slot that counts stacks the ring had no room for. */
#pragma once

#ifndef USER_STACK_LOST_SLOT
#define USER_STACK_LOST_SLOT SR_LOST_STACKS
#endif

/* --stack-size: bytes of stack copied per call, a power of two; 0 without -k (the loader sets
 * it). */
const volatile __u32 stack_bytes = 0;

/* Numbers the stacks, so that a call's record names its own. */
__u64 stack_seq = 0;

/* The stack is copied a page at a time, so that a stack ending within --stack-size (the main
 * thread near its top, where a deep call like getaddrinfo still runs) is copied up to its end,
 * not lost whole. The reservation has a page of slack: the verifier sees each page's offset
 * masked below stack_bytes (a power of two) and the page's length at most STACK_PAGE. */
#define STACK_PAGE 4096
#define STACK_COPIES (SR_STACK_MAX / STACK_PAGE + 1)  /* the first page may be partial */

/* Where struct pt_regs keeps the stack pointer, in u64s (the 20th of its 21 fields). */
#define SP_INDEX (__builtin_offsetof(struct pt_regs, sp) / 8)
_Static_assert(sizeof(struct pt_regs) == SR_STACK_REGS * 8, "pt_regs as sr_stack_record.regs");

/* Sends the stack of the current thread, whose syscall registers are `pt`; returns its
 * stack_id, 0 when the ring had no room (counted in USER_STACK_LOST_SLOT). */
static __always_inline __u32 send_user_stack(struct pt_regs *pt, __u32 pid, __u32 tid)
{
	struct sr_stack_record *st;
	__u64 sp, len = 0, left, chunk;
	__u32 id;
	int i;

	/* Stacks are 50 times the size of call records: past half full, the ring is kept for the
	 * calls themselves (a call prints without its stack rather than not at all). */
	if (bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) > bpf_ringbuf_query(&events, BPF_RB_RING_SIZE) / 2)
		st = NULL;
	else
		st = bpf_ringbuf_reserve(&events, sizeof(*st) + stack_bytes + STACK_PAGE, 0);
	if (!st) {
		count_lost(USER_STACK_LOST_SLOT, 1);
		return 0;
	}
	st->type = SR_REC_USER_STACK;
	id = __sync_fetch_and_add(&stack_seq, 1) + 1;
	st->stack_id = id;
	st->pid = pid;
	st->tid = tid;
	st->pad = 0;
	/* The registers as the kernel saved them (userspace puts them in DWARF order); one read
	 * serves tp_btf and raw_tp alike. */
	if (bpf_probe_read_kernel(st->regs, sizeof(st->regs), pt))
		__builtin_memset(st->regs, 0, sizeof(st->regs));
	sp = st->regs[SP_INDEX];
#pragma unroll
	for (i = 0; i < STACK_COPIES; i++) {
		left = stack_bytes - len;
		if (!left)
			break;
		chunk = STACK_PAGE - ((sp + len) & (STACK_PAGE - 1));  /* to the page's end */
		if (chunk > left)
			chunk = left;
		/* Bounded again for the 6.1 verifier, which takes `left` for possibly negative. */
		chunk = BOUND(chunk, STACK_PAGE);
		if (bpf_probe_read_user(st->data + (len & (stack_bytes - 1)), chunk,
					(const void *)(sp + len)))
			break;
		len += chunk;
	}
	st->len = len;
	bpf_ringbuf_submit(st, BPF_RB_NO_WAKEUP);
	return id;
}
