/* Log2 latency histograms, shared by the BPF programs that fill them (`count --latency` in
 * bpf/syscalls.bpf.c, bpf/funclatency.bpf.c) and the C++ that prints them: one place for the
 * bucket math, so that the kernel's slot and the printed range cannot disagree.
 *
 * Slot i holds durations d (ns) with floor(log2(d)) == i, i.e. 2^i <= d <= 2^(i+1) - 1; slot 0
 * also holds d == 0. These are the slots BCC's funclatency and syscount -L fill (bpf_log2l) and
 * print ("4 -> 7"). 64 slots cover every __u64, so no duration is clamped. */
#ifndef SYSRAY_LATENCY_H
#define SYSRAY_LATENCY_H

#ifdef __BPF__
/* vmlinux.h provides __u32, __u64 */
#define SR_LAT_INLINE static __always_inline
#else
#include <linux/types.h>
#define SR_LAT_INLINE static inline
#endif

#define SR_LOG2_SLOTS 64

struct sr_log2_hist {
	__u64 slots[SR_LOG2_SLOTS];
};

/* floor(log2(v)) of a 32-bit v > 0 (0 for v == 0), by halving the search range: no loop and no
 * helper call, so the verifier takes it as straight code on the syscall hot path. */
SR_LAT_INLINE __u32 sr_log2_u32(__u32 v)
{
	__u32 r, shift;

	r = (v > 0xFFFF) << 4;
	v >>= r;
	shift = (v > 0xFF) << 3;
	v >>= shift;
	r |= shift;
	shift = (v > 0xF) << 2;
	v >>= shift;
	r |= shift;
	shift = (v > 0x3) << 1;
	v >>= shift;
	r |= shift;
	return r | (v >> 1);
}

/* The slot of a duration of `ns` nanoseconds: always < SR_LOG2_SLOTS. */
SR_LAT_INLINE __u32 sr_log2_slot(__u64 ns)
{
	__u32 hi = ns >> 32;

	return hi ? 32 + sr_log2_u32(hi) : sr_log2_u32((__u32)ns);
}

/* The smallest and largest duration slot `i` holds (ns, both inclusive). */
SR_LAT_INLINE __u64 sr_log2_slot_low(__u32 i)
{
	return i == 0 ? 0 : (__u64)1 << i;
}

SR_LAT_INLINE __u64 sr_log2_slot_high(__u32 i)
{
	return i >= SR_LOG2_SLOTS - 1 ? ~(__u64)0 : ((__u64)2 << i) - 1;
}

#endif
