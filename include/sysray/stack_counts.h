/* `funccount --stacks`: the key of the kernel's (function, stack) hit counts, shared by
 * bpf/funccount.bpf.c, which counts, and the C++ that reads and symbolizes them. Counting happens
 * in the kernel, as BCC's stackcount does: no record per call crosses to userspace. */
#ifndef SYSRAY_STACK_COUNTS_H
#define SYSRAY_STACK_COUNTS_H

#ifndef __BPF__
#include <linux/types.h>
#endif

/* Frames per stack: the kernel's own PERF_MAX_STACK_DEPTH. */
#define SR_MAX_KSTACK_DEPTH 127

struct sr_stack_key {
	__u32 slot;      /* the function's or tracepoint's counter slot */
	__s32 kstack_id; /* id in `kstacks`; a negative errno when bpf_get_stackid failed */
	char comm[16];   /* the task's comm with --folded, zeroes otherwise */
};

/* funccount --user: one hit, sent through the ring right after its user stack (struct
 * sr_stack_record): the user frames need DWARF unwinding, which only userspace can do, so these
 * hits are counted there. */
enum sr_func_hit_flags {
	SR_HIT_STACK_LOST = 1 << 0, /* the thread has a user stack, but the ring had no room for it */
};

struct sr_func_hit {
	__u32 type;      /* SR_REC_FUNC_HIT */
	__u32 slot;
	__s32 kstack_id; /* as in sr_stack_key */
	__u32 stack_id;  /* the sr_stack_record sent just before; 0: none (a kernel thread, or lost) */
	__u32 pid;
	__u32 tid;
	char comm[16];
	__u32 flags;     /* enum sr_func_hit_flags */
	__u32 pad;
};

#endif
