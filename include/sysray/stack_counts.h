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

#endif
