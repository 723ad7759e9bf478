/* SPDX-License-Identifier: GPL-2.0 */
/* Wakeups for records sent to a BPF ring buffer. A wakeup per record costs more than the
 * record itself, so records go out with BPF_RB_NO_WAKEUP and the reader polls (and drains the
 * ring when its epoll wait times out: such records do not wake epoll). Between two polls a
 * burst could fill the ring, so the reader is woken once the ring is a quarter full. */
#pragma once

#include <bpf/bpf_helpers.h>

/* The flags for bpf_ringbuf_output() into `ring`. Checking the fill level takes two helper
 * calls, so it is done for every 4th output only, counted per CPU in `*since_check` (the
 * ring holds far more than 4 outputs, so a quarter-full ring is still seen in time). */
static __always_inline __u64 ring_wakeup_flags(void *ring, __u32 *since_check)
{
	if (++*since_check < 4)
		return BPF_RB_NO_WAKEUP;
	*since_check = 0;
	if (bpf_ringbuf_query(ring, BPF_RB_AVAIL_DATA) > bpf_ringbuf_query(ring, BPF_RB_RING_SIZE) / 4)
		return BPF_RB_FORCE_WAKEUP;
	return BPF_RB_NO_WAKEUP;
}
