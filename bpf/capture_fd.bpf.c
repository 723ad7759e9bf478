// SPDX-License-Identifier: GPL-2.0
/* `sysray capture --fd N`: the bytes the targets write to fd N, complete and in order.
 *
 * One program, at sys_exit: a write to a chosen fd that wrote something is sent as the bytes it
 * actually wrote (its return value), read back from the caller's buffer (or iovecs) in
 * SR_CAPTURE_CHUNK pieces, each piece one ring record with the write's sequence number and its
 * offset in the write, so that userspace reassembles it and sees where anything is missing.
 *
 * Why no sys_enter program: on x86_64 the syscall entry saves the argument registers in
 * pt_regs and the write paths never change them (only ax carries the return value), so at
 * sys_exit di/si/dx still hold fd, buffer and count. One program instead of two, and no
 * per-thread map.
 *
 * The bytes are read at sys_exit: another thread of the target may have changed the buffer
 * between the kernel's copy and ours (strace reads at the same point and has the same limit).
 *
 * Loss is never silent: when the ring has no room (or the buffer cannot be read), the rest of
 * that write is not sent and the write's number, size and the offset where it stops go into
 * `lost_writes`; when even that map is full, lost_events counts it.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "sysray/capture.h"
#include "common.bpf.h"
#include "ring_wakeup.bpf.h"
#include "targets.bpf.h"

char LICENSE[] SEC("license") = "GPL";

#define IOV_MAX 1024
#define MAX_STEPS (1 << 23)  /* bpf_loop's limit (BPF_MAX_LOOPS): 128 GiB in 16 KiB pieces */

/* ---- configuration, set by the loader before load ---- */
const volatile __u64 fd_mask[SR_CAPTURE_FD_LIMIT / 64] = {};  /* bit N: capture fd N */

/* Numbers the captured writes in the order they returned, across CPUs. */
__u64 write_seq = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 << 20);  /* resized by the loader (--buffer-size) */
} events SEC(".maps");

/* Not LRU: an evicted entry would be a silent loss. Userspace deletes what it has reported. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);  /* seq */
	__type(value, struct sr_capture_lost);
} lost_writes SEC(".maps");

LOST_EVENTS_MAP(SR_CAPTURE_LOST_SLOTS);

/* Where the bytes of the write in progress are: the current segment (the buffer, or one
 * iovec), and the iovecs still to read. */
struct walk {
	__u64 seq, total, done;
	__u64 base, seg_left;
	__u64 iov;        /* user address of the next struct iovec (0: a plain buffer) */
	__u32 iov_left;
	__u32 pid, tid, fd, nr;
};

/* A record is built here (too big for the stack) and copied to the ring. The walk lives here
 * too, not on the stack: the verifier tracks a bpf_loop callback's stack context exactly and,
 * since the lengths feed a helper's size, never saw two iterations' states as equal (E2BIG);
 * values loaded from a map are unknown to it, so the callback is verified once. One program
 * run per CPU at a time (the kernel does not nest a program in itself), so per-CPU is safe. */
struct scratch {
	struct sr_capture_chunk c;
	__u8 data[SR_CAPTURE_CHUNK];
	struct walk w;      /* after the data, so never sent */
	__u32 since_check;  /* for ring_wakeup_flags */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch SEC(".maps");

static __always_inline bool fd_chosen(__u64 fd)
{
	if (fd >= SR_CAPTURE_FD_LIMIT)
		return false;
	return (fd_mask[BOUND(fd >> 6, SR_CAPTURE_FD_LIMIT / 64 - 1)] >> (fd & 63)) & 1;
}

static __always_inline void record_loss(struct walk *w, __u32 reason)
{
	struct sr_capture_lost l = {
		.total = w->total, .offset = w->done, .pid = w->pid, .tid = w->tid, .fd = w->fd,
		.reason = reason,
	};

	if (bpf_map_update_elem(&lost_writes, &w->seq, &l, BPF_NOEXIST))
		count_lost(SR_CAPTURE_LOST_UNRECORDED, 1);
}

/* One bpf_loop step: the next iovec, or the next piece of the current segment. 1 stops. */
static long walk_step(__u32 i, void *ctx)
{
	__u32 zero = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch, &zero);
	struct walk *w;
	__u64 len;

	if (!s)
		return 1;
	w = &s->w;
	if (w->done >= w->total)
		return 1;
	if (!w->seg_left) {
		struct iovec v;

		if (!w->iov || !w->iov_left) {  /* the iovecs hold less than the call returned */
			record_loss(w, SR_CAPTURE_FAULT);
			return 1;
		}
		if (bpf_probe_read_user(&v, sizeof(v), (void *)w->iov)) {
			record_loss(w, SR_CAPTURE_FAULT);
			return 1;
		}
		w->iov += sizeof(v);
		w->iov_left--;
		w->base = (__u64)v.iov_base;
		w->seg_left = v.iov_len;
		return 0;
	}
	len = w->seg_left;
	if (len > w->total - w->done)
		len = w->total - w->done;
	len = BOUND(len, SR_CAPTURE_CHUNK);
	if (bpf_probe_read_user(s->data, len, (void *)w->base)) {
		record_loss(w, SR_CAPTURE_FAULT);
		return 1;
	}
	s->c.seq = w->seq;
	s->c.total = w->total;
	s->c.offset = w->done;
	s->c.len = len;
	s->c.pid = w->pid;
	s->c.tid = w->tid;
	s->c.fd = w->fd;
	s->c.nr = w->nr;
	s->c.pad = 0;
	if (bpf_ringbuf_output(&events, s, sizeof(s->c) + len,
			       ring_wakeup_flags(&events, &s->since_check))) {
		record_loss(w, SR_CAPTURE_RING_FULL);
		return 1;
	}
	w->done += len;
	w->base += len;
	w->seg_left -= len;
	return 0;
}

static __always_inline void on_exit(struct pt_regs *pt, long ret, bool btf)
{
	__u32 zero = 0;
	struct scratch *s;
	struct walk *w;
	__u64 pid_tgid, nr, fd;

	if (ret <= 0)
		return;
	nr = SYSCALL_NR(pt, btf);
	switch (nr) {
	case __NR_write: case __NR_pwrite64: case __NR_sendto:
	case __NR_writev: case __NR_pwritev: case __NR_pwritev2: case __NR_sendmsg:
		break;
	default:
		return;
	}
	fd = PT_REG(pt, btf, di);
	if (!fd_chosen(fd))
		return;
	pid_tgid = bpf_get_current_pid_tgid();
	if (!target_selected(pid_tgid >> 32))
		return;
	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s)
		return;
	w = &s->w;
	w->fd = fd;
	w->pid = pid_tgid >> 32;
	w->tid = (__u32)pid_tgid;
	w->nr = nr;
	w->total = ret;
	w->done = 0;
	w->base = 0;
	w->seg_left = 0;
	w->iov = 0;
	w->iov_left = 0;
	w->seq = __sync_fetch_and_add(&write_seq, 1);
	switch (nr) {
	case __NR_write: case __NR_pwrite64: case __NR_sendto:
		w->base = PT_REG(pt, btf, si);
		w->seg_left = ret;
		break;
	case __NR_writev: case __NR_pwritev: case __NR_pwritev2:
		w->iov = PT_REG(pt, btf, si);
		w->iov_left = BOUND(PT_REG(pt, btf, dx), IOV_MAX);
		break;
	case __NR_sendmsg: {
		struct user_msghdr m;

		if (bpf_probe_read_user(&m, sizeof(m), (void *)PT_REG(pt, btf, si))) {
			record_loss(w, SR_CAPTURE_FAULT);
			return;
		}
		w->iov = (__u64)m.msg_iov;
		w->iov_left = BOUND(m.msg_iovlen, IOV_MAX);
		break;
	}
	}
	bpf_loop(MAX_STEPS, walk_step, NULL, 0);
	if (w->done < w->total && !bpf_map_lookup_elem(&lost_writes, &w->seq))
		record_loss(w, SR_CAPTURE_FAULT);  /* the loop ran out of steps */
}

SEC("tp_btf/sys_exit")
int BPF_PROG(capture_exit_btf, struct pt_regs *regs, long ret)
{
	on_exit(regs, ret, true);
	return 0;
}

SEC("raw_tp/sys_exit")
int BPF_PROG(capture_exit_raw, struct pt_regs *regs, long ret)
{
	on_exit(regs, ret, false);
	return 0;
}

TARGETS_PROGRAMS(capture)
