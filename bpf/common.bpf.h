/* SPDX-License-Identifier: GPL-2.0 */
/* What every sysray BPF object shares: verifier bounds, syscall registers and numbers, and the
 * lost-record counters. Include after vmlinux.h and the libbpf headers. */
#pragma once

#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
/* Syscall numbers (__NR_read, ...): the same header CMake turns into the userspace syscall
 * table, so both sides agree. x86_64 only, like the register names below. */
#include <x86_64-linux-gnu/asm/unistd_64.h>

/* Tell the verifier (and keep clang from folding the check away) that v <= max. Written in
 * asm so that the comparison is against an immediate: clang otherwise may load `max` into a
 * register and compare "if max > v", an order whose impossible branches the 6.1 verifier does
 * not prune (it then follows one with a range like umin=4096 umax=4095 and refuses the
 * pointer arithmetic after it). */
#define BOUND(v, max) ({ __u64 __v = (v);					\
	asm volatile("if %0 <= %1 goto +1\n\t%0 = %1" : "+r"(__v) : "i"(max));	\
	__v; })

/* A register of a syscall's pt_regs: read directly in tp_btf (`btf`: the program is BTF-typed),
 * through CO-RE (a helper call each) in raw_tp. `btf` is a constant at every call site, so
 * each program keeps one of the two. */
#define PT_REG(pt, btf, reg) ((btf) ? (pt)->reg : BPF_CORE_READ(pt, reg))

/* The syscall's number at sys_exit (sys_enter gets it as an argument). */
#define SYSCALL_NR(pt, btf) PT_REG(pt, btf, orig_ax)

/* The six argument registers of a syscall, in the x86_64 syscall ABI's order. */
static __always_inline void syscall_args(struct pt_regs *pt, bool btf, __u64 args[6])
{
	args[0] = PT_REG(pt, btf, di);
	args[1] = PT_REG(pt, btf, si);
	args[2] = PT_REG(pt, btf, dx);
	args[3] = PT_REG(pt, btf, r10);
	args[4] = PT_REG(pt, btf, r8);
	args[5] = PT_REG(pt, btf, r9);
}

/* Adds one to the value of `key` in `map`, a per-CPU hash of __u64 counters; false when the
 * hash is full (the caller counts that call elsewhere: nothing is dropped). The value is this
 * CPU's, so the increment needs no atomic; a new key is inserted with BPF_NOEXIST, so that
 * another CPU inserting the same key at the same moment is not overwritten (this CPU then adds
 * to it). */
static __always_inline bool percpu_hash_increment(void *map, const void *key)
{
	__u64 one = 1, *v = bpf_map_lookup_elem(map, key);
	long err;

	if (v) {
		(*v)++;
		return true;
	}
	err = bpf_map_update_elem(map, key, &one, BPF_NOEXIST);
	if (!err)
		return true;
	if (err == -17 /* EEXIST */) {
		v = bpf_map_lookup_elem(map, key);
		if (v) {
			(*v)++;
			return true;
		}
	}
	return false;
}

/* Records the ring had no room for, per CPU, in `slots` kinds (userspace sums and reports
 * them: nothing is lost silently). Each object defines the map once with LOST_EVENTS_MAP. */
#define LOST_EVENTS_MAP(slots)						\
	struct {							\
		__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);		\
		__uint(max_entries, slots);				\
		__type(key, __u32);					\
		__type(value, __u64);					\
	} lost_events SEC(".maps")

/* `n` records of kind `slot` were lost. */
#define count_lost(slot, n) ({							\
	__u32 __slot = (slot);							\
	__u64 *__lost = bpf_map_lookup_elem(&lost_events, &__slot);		\
	if (__lost)								\
		*__lost += (n);							\
})
