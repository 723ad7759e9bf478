// SPDX-License-Identifier: GPL-2.0
/* sysray's syscall programs: `sysray trace` (one record per syscall, sent in batches) and
 * `sysray count` (per-CPU counters, no ring traffic). One object serves both: the loader sets
 * `count_mode` in rodata and the verifier drops the unused branch.
 *
 * Hot-path design (see docs/DESIGN-syscalls.md):
 *  - A syscall in flight lives in a per-CPU slot, not in a per-thread hash: while a thread runs
 *    on a CPU between sys_enter and sys_exit, nobody else can use that CPU's slot. Array lookups
 *    are inlined by the verifier, so the common case costs no map helper at all.
 *  - When the thread is switched out in the middle of a syscall (it blocks, or is preempted),
 *    sched_switch moves the slot into the `parked` LRU hash and, in trace mode, sends an
 *    SR_REC_SYSCALL_ENTER record so that a blocked syscall is visible while it blocks.
 *  - Syscall tracepoint programs run with preemption disabled, so a slot is never shared
 *    between two programs on one CPU.
 *  - A thread is recognised without a helper call by the address of its pt_regs (the
 *    tracepoint's first argument, unique per live thread). The PID verdict, tid and comm of
 *    the thread running on a CPU are cached in its slot; the cache is dropped at every context
 *    switch and when the target set changes, so the steady state costs one bpf_ktime_get_ns()
 *    on each side of a syscall and nothing else (and no clock read at all in a trace that
 *    shows no times: records are ordered by a global counter, see `event_seq`).
 *  - Filters run first: syscall bitmap (rodata), then the cached PID verdict.
 *  - Records are batched per CPU (see `struct cpu_slot`) and sent with BPF_RB_NO_WAKEUP;
 *    userspace polls with a short timeout, and a wakeup is forced when the ring is a quarter
 *    full.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "sysray/events.h"
#include "common.bpf.h"
#include "ring_wakeup.bpf.h"
#include "targets.bpf.h"

char LICENSE[] SEC("license") = "GPL";

#define MAX_ERRNO 4095
#define ERESTARTSYS 512            /* .. ERESTART_RESTARTBLOCK 516: kernel-internal, seen at exit */
#define ERESTART_RESTARTBLOCK 516
#define EINTR 4
#define SIGKILL 9

/* ---- configuration, set by the loader before load ---- */
const volatile bool count_mode = false;
const volatile bool only_failed = false;   /* --failed */
const volatile bool only_succeeded = false; /* -z: calls that returned no error (and those that
                                               never return) */
const volatile __u32 snaplen = 32;         /* -s: bytes of buffers captured */
/* Trace mode: does the output show enter times or durations (-t, -tt, -T, --json)? When it
 * does not, a completed call does not read the clock at all (its ts_ns and dur_ns stay 0):
 * `event_seq` orders the stream. Each clock read is a helper call (~40 ns here), a sixth of the
 * cost of tracing a cheap syscall. */
const volatile bool enter_times = true;
const volatile __u64 syscall_mask[SR_MAX_SYSCALLS / 64] = {};
/* Trace mode, besides syscalls: the end of each traced thread (SR_REC_THREAD_EXIT) and the
 * signals delivered to them (SR_REC_SIGNAL; bit sig - 1), as strace shows them whatever -e
 * trace= says. */
const volatile bool report_exits = false;
const volatile __u64 signal_mask = 0;

/* The order of the trace stream across CPUs: each record takes the next number as it is
 * committed. Userspace merges the CPUs' batches by it. An atomic add is one instruction, where
 * a clock read is a helper call; measured here it costs nothing over an empty program, also
 * with two CPUs adding at once. */
__u64 event_seq = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SR_MAX_SYSCALLS);
	__type(key, __u32);
	__type(value, struct sr_syscall_captures);
} syscall_captures SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20);  /* resized by the loader */
} events SEC(".maps");

LOST_EVENTS_MAP(1);

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SR_MAX_SYSCALLS);
	__type(key, __u32);
	__type(value, struct sr_syscall_stats);
} stats SEC(".maps");

/* A syscall whose thread was switched out before it returned. */
struct parked_call {
	__u64 ts_ns;
	__u32 nr;
	__u32 enter_sent;  /* its SR_REC_SYSCALL_ENTER record is in the ring */
	__u64 args[6];
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);   /* tid */
	__type(value, struct parked_call);
} parked SEC(".maps");

/* Records are collected per CPU in a batch and sent to the ring together: one ring reservation
 * per batch instead of one per syscall. A batch is sent when it is nearly full, when the CPU
 * switches tasks (so a blocked call's ENTER record goes out at once), when its oldest record
 * is BATCH_MAX_AGE_JIFFIES old, and for exits. Userspace reads what is left in the batches
 * after detaching, so nothing is lost at the end of a session. */
#define REC_MAX (sizeof(struct sr_syscall_record) + 2 * SR_CAP_MAX)
#define BATCH_ROOM (SR_BATCH_BYTES - REC_MAX)  /* a record may start at most here */
/* Age in jiffies (1-10 ms each): bpf_jiffies64() is inlined by the verifier, where a clock read
 * would be a helper call on every commit. */
#define BATCH_MAX_AGE_JIFFIES 2

/* The per-CPU slot: the batch, with the syscall in flight on this CPU built in place at its
 * end, and what is known about the thread running here. */
struct slot_private {
	__u64 in_flight;            /* pt_regs address of the thread whose syscall is in flight; 0 = none */
	__u64 cache_regs;           /* pt_regs address of the thread the cache describes; 0 = empty */
	__u64 cache_gen;            /* targets_gen when the cache was filled */
	__u32 cache_pass;           /* is that thread traced? */
	__u32 cache_tid;
	__u32 cache_tgid;
	__u32 since_query;          /* batches sent since the ring fill level was last checked */
	char cache_comm[SR_COMM_LEN];
};

struct cpu_slot {
	struct sr_batch_state b;    /* read by userspace at the end (events.h) */
	struct slot_private priv;
	__u8 batch[SR_BATCH_BYTES];
};
SR_ASSERT_AT(struct cpu_slot, batch, SR_SLOT_HEAD_BYTES);

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cpu_slot);
} slots SEC(".maps");

static __always_inline struct cpu_slot *this_slot(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&slots, &zero);
}

static __always_inline bool syscall_selected(__u64 nr)
{
	if (nr >= SR_MAX_SYSCALLS)
		return false;
	return (syscall_mask[nr / 64] >> (nr % 64)) & 1;
}

/* Is the current thread (identified by `regs`) traced? Fills the slot's cache on a miss. */
static __always_inline bool thread_selected(struct cpu_slot *s, __u64 regs)
{
	__u64 gen = targets_gen;
	__u64 pid_tgid;
	__u32 tgid;

	if (s->priv.cache_regs == regs && s->priv.cache_gen == gen)
		return s->priv.cache_pass;
	pid_tgid = bpf_get_current_pid_tgid();
	tgid = pid_tgid >> 32;
	s->priv.cache_regs = regs;
	s->priv.cache_gen = gen;
	s->priv.cache_tid = (__u32)pid_tgid;
	s->priv.cache_tgid = tgid;
	s->priv.cache_pass = target_selected(tgid);
	if (!count_mode && s->priv.cache_pass)
		bpf_get_current_comm(s->priv.cache_comm, sizeof(s->priv.cache_comm));
	return s->priv.cache_pass;
}

/* The record under construction: right after the complete records of the batch. */
static __always_inline struct sr_syscall_record *cur_rec(struct cpu_slot *s)
{
	return (struct sr_syscall_record *)&s->batch[BOUND(s->b.len, BATCH_ROOM)];
}

static __always_inline __u64 rec_data_len(struct sr_syscall_record *r)
{
	return BOUND(r->cap[0].len, SR_CAP_MAX) + BOUND(r->cap[1].len, SR_CAP_MAX);
}

/* Send the batch to the ring; wake the reader only when the ring is a quarter full. */
static __always_inline void flush(struct cpu_slot *s)
{
	__u64 len = BOUND(s->b.len, SR_BATCH_BYTES);

	if (!len)
		return;
	if (bpf_ringbuf_output(&events, s->batch, len, ring_wakeup_flags(&events, &s->priv.since_query)))
		count_lost(0, s->b.records);
	s->b.len = 0;
	s->b.records = 0;
}

/* The record under construction becomes part of the batch, and takes its place in the
 * stream's order. */
static __always_inline void commit(struct cpu_slot *s, struct sr_syscall_record *r)
{
	__u64 size = sizeof(*r) + rec_data_len(r);
	__u64 now = bpf_jiffies64();

	r->seq = __sync_fetch_and_add(&event_seq, 1);
	if (!s->b.records)
		s->b.first_jiffies = now;
	s->b.len += SR_RECORD_ALIGN(size);
	s->b.records++;
	if (s->b.len > BATCH_ROOM || now - s->b.first_jiffies >= BATCH_MAX_AGE_JIFFIES)
		flush(s);
}

static __always_inline bool is_enter_capture(__u8 kind)
{
	return kind == SR_CAP_STR_IN || kind == SR_CAP_BUF_IN || kind == SR_CAP_SOCKADDR_IN ||
	       kind == SR_CAP_MSG_NAME_IN || kind == SR_CAP_EXEC_ARGS_IN || kind == SR_CAP_OBJ_IN ||
	       kind == SR_CAP_STACK_OBJ_IN;
}

/* Copy `len` bytes of user memory at `ptr` after the record's data so far. */
static __always_inline void capture_bytes(struct sr_syscall_record *r, struct sr_capture_header *h,
					  const void *ptr, __u64 len, __u64 full_len)
{
	__u64 off = BOUND(rec_data_len(r), SR_CAP_MAX);

	len = BOUND(len, SR_CAP_MAX);
	h->full_len = full_len;
	if (!len) {  /* -s 0: nothing to copy (and a read of 0 bytes still costs a helper call) */
		if (full_len)
			h->flags |= SR_CAPF_TRUNCATED;
		return;
	}
	if (bpf_probe_read_user(&r->data[off], len, ptr)) {
		h->flags |= SR_CAPF_FAULT;
		return;
	}
	h->len = len;
	if (full_len > len)
		h->flags |= SR_CAPF_TRUNCATED;
}

static __always_inline void capture_string(struct sr_syscall_record *r, struct sr_capture_header *h,
					   const void *ptr)
{
	__u64 off = BOUND(rec_data_len(r), SR_CAP_MAX);
	long n = bpf_probe_read_user_str(&r->data[off], SR_PATH_MAX, ptr);

	if (n < 0) {
		h->flags |= SR_CAPF_FAULT;
		return;
	}
	h->len = n;
	h->full_len = n;
	if (n == SR_PATH_MAX)
		h->flags |= SR_CAPF_TRUNCATED;
}

static __always_inline void capture_sockaddr(struct sr_syscall_record *r, struct sr_capture_header *h,
					     const void *ptr, __u64 len)
{
	capture_bytes(r, h, ptr, BOUND(len, SR_SOCKADDR_MAX), len);
}

static __always_inline void capture_msg_name(struct sr_syscall_record *r, struct sr_capture_header *h,
					     const struct user_msghdr *msg)
{
	struct user_msghdr m;

	if (bpf_probe_read_user(&m, sizeof(m), msg)) {
		h->flags |= SR_CAPF_FAULT;
		return;
	}
	if (!m.msg_name)
		return;
	capture_sockaddr(r, h, m.msg_name, (__u32)m.msg_namelen);
}

/* execve's argv and envp count (events.h, "Exec arguments"). The loops run under bpf_loop():
 * as plain bounded loops, every way out of the argv loop (and each string cut or not)
 * multiplied the paths through the envp loop past the verifier's limit. Their running state
 * (bytes stored, entries counted) lives in the capture header, in the map, not in the loop
 * context: map memory reads back as an unknown value, so the verifier sees every iteration
 * start in the same state and checks the callback once (6.8+ re-verifies a callback until its
 * state stops changing). The callbacks find the record through the slot (cur_rec), so that
 * no map pointer travels through the context either. */
struct exec_walk {
	const char *const *array;
	__u64 keep;       /* bytes kept of each argv string */
	__u32 max_elems;  /* argv elements stored at most */
	__u32 slot;       /* capture slot */
};

static long argv_elem(__u32 i, struct exec_walk *w)
{
	struct cpu_slot *s = this_slot();
	struct sr_syscall_record *r;
	struct sr_capture_header *h;
	__u64 base, used, keep = BOUND(w->keep, SR_ARGV_STR_MAX - 2);
	const char *p;
	__u8 *dst;
	long n;

	if (!s)
		return 1;
	r = cur_rec(s);
	h = &r->cap[w->slot & 1];
	base = (w->slot & 1) ? BOUND(r->cap[0].len, SR_CAP_MAX) : 0;  /* data before this capture */
	used = h->len;
	if (bpf_probe_read_user(&p, sizeof(p), &w->array[i & (2 * SR_ARGV_MAX - 1)])) {
		h->flags |= SR_CAPF_FAULT;
		return 1;
	}
	if (!p)
		return 1;
	/* Room for the flag byte, `keep` + 1 bytes and the NUL, where the verifier can see it. */
	if (i >= w->max_elems || used + keep + 3 > SR_CAP_MAX ||
	    used > SR_CAP_MAX - SR_ARGV_STR_MAX - 1) {
		h->flags |= SR_CAPF_TRUNCATED;
		return 1;
	}
	dst = &r->data[base + BOUND(used, SR_CAP_MAX - SR_ARGV_STR_MAX - 1)];
	/* One byte more than is kept tells a string of exactly `keep` bytes from a longer one. */
	n = bpf_probe_read_user_str(dst + 1, keep + 2, p);
	if (n < 1) {
		h->flags |= SR_CAPF_FAULT;
		return 1;
	}
	dst[0] = 0;
	if ((__u64)n - 1 > keep) {  /* cut: keep `keep` bytes and the NUL */
		dst[0] = 1;
		dst[1 + keep] = 0;
		n = keep + 1;
	}
	h->len = used + 1 + BOUND(n, SR_ARGV_STR_MAX);
	return 0;
}

/* Counts envp's entries into full_len; SR_CAPF_CAPPED stays set unless the end is found. */
static long envp_entry(__u32 i, struct exec_walk *w)
{
	struct cpu_slot *s = this_slot();
	struct sr_capture_header *h;
	const char *p;

	if (!s)
		return 1;
	h = &cur_rec(s)->cap[w->slot & 1];
	if (bpf_probe_read_user(&p, sizeof(p), &w->array[i]) || !p) {
		h->flags &= ~SR_CAPF_CAPPED;
		return 1;
	}
	h->full_len++;
	return 0;
}

static __always_inline void capture_exec_args(struct sr_capture_header *h, int slot,
					      const char *const *argv, const char *const *envp)
{
	struct exec_walk w = {
		.array = argv,
		.keep = snaplen < SR_ARGV_STR_MAX - 2 ? snaplen : SR_ARGV_STR_MAX - 2,
		.max_elems = snaplen < SR_ARGV_MAX ? snaplen : SR_ARGV_MAX,
		.slot = slot,
	};

	/* bpf_loop() is in 5.17 and later; where it is missing, exec arguments print as
	 * pointers. */
	if (!bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_loop)) {
		h->flags |= SR_CAPF_FAULT;
		return;
	}
	h->len = 0;
	h->full_len = 0;
	/* One more element than is stored: to tell whether argv goes on. */
	bpf_loop(SR_ARGV_MAX + 1, argv_elem, &w, 0);
	if (h->flags & SR_CAPF_FAULT || !envp)
		return;
	w.array = envp;
	h->flags |= SR_CAPF_CAPPED;
	bpf_loop(SR_ENVP_COUNT_MAX, envp_entry, &w, 0);
}

/* SR_CAP_RECORDS_OUT: counts the records in the `len` bytes the call returned at `buf`, each
 * one's length a __u16 at `len_at` bytes into it (getdents64's d_reclen), under bpf_loop():
 * a directory read returns hundreds of entries. Only two bytes per record are read. As for
 * exec arguments, the running state (offset, count) lives in map memory, not in the loop
 * context: it reads back as an unknown value, so the verifier checks the callback once instead
 * of once per distinct state (6.8+ re-verifies a callback until its state stops changing). */
struct records_walk {
	__u64 buf, len;
	__u32 len_at;
};

struct records_state {
	__u64 off;
	__u32 count;
	__u32 fault;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct records_state);
} records_state SEC(".maps");

static long count_record(__u32 i, struct records_walk *w)
{
	__u32 zero = 0;
	struct records_state *st = bpf_map_lookup_elem(&records_state, &zero);
	__u16 reclen = 0;

	if (!st || st->off >= w->len)
		return 1;
	if (bpf_probe_read_user(&reclen, sizeof(reclen), (const void *)(w->buf + st->off + w->len_at)) ||
	    !reclen) {
		st->fault = 1;
		return 1;
	}
	st->off += reclen;
	st->count++;
	return 0;
}

static __always_inline void capture_records(struct sr_capture_header *h, __u64 buf, __s64 ret,
					    __u8 len_at)
{
	struct records_walk w = { .buf = buf, .len = ret, .len_at = len_at };
	struct records_state *st;
	__u32 zero = 0;

	h->len = 0;
	h->full_len = 0;
	if (ret <= 0)
		return;
	st = bpf_map_lookup_elem(&records_state, &zero);
	if (!st || !bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_loop)) {
		h->flags |= SR_CAPF_FAULT;
		return;
	}
	st->off = 0;
	st->count = 0;
	st->fault = 0;
	bpf_loop(SR_RECORDS_MAX, count_record, &w, 0);
	h->full_len = st->count;
	if (st->fault)
		h->flags |= SR_CAPF_FAULT;
	else if (st->off < (__u64)ret)
		h->flags |= SR_CAPF_CAPPED;
}

/* Argument `i` (0-5) of the record; masked so the verifier sees a bounded index. */
static __always_inline __u64 rec_arg(struct sr_syscall_record *r, __u8 i)
{
	return i < 6 ? r->args[i & 7] : 0;
}

/* SR_CAP_STACK_OBJ_IN: `size` bytes at the user stack pointer + 8 * len_arg, read at sys_enter
 * (`pt`; NULL elsewhere, where the stack pointer may have moved). */
static __always_inline void capture_stack_obj(struct sr_syscall_record *r, struct sr_capture_header *h,
					      const struct sr_capture_spec *spec, struct pt_regs *pt,
					      bool btf)
{
	__u64 sp;

	if (!pt)
		return;
	sp = PT_REG(pt, btf, sp);
	h->kind = SR_CAP_STACK_OBJ_IN;
	capture_bytes(r, h, (const void *)(sp + 8 * (__u64)spec->len_arg), spec->size, spec->size);
}

/* Run capture `i` if it belongs to this side (enter or exit) of the syscall. `pt` and `btf`:
 * the syscall's registers at sys_enter, NULL elsewhere. */
static __always_inline void run_capture(struct sr_syscall_record *r,
					const struct sr_capture_spec *spec, int i, bool at_enter,
					__s64 ret, struct pt_regs *pt, bool btf)
{
	struct sr_capture_header *h = &r->cap[i];
	__u8 kind = spec->kind;
	const void *ptr;
	__u64 len;

	if (kind == SR_CAP_NONE || is_enter_capture(kind) != at_enter)
		return;
	if (kind == SR_CAP_STACK_OBJ_IN) {  /* relative to the stack, not to an argument */
		capture_stack_obj(r, h, spec, pt, btf);
		return;
	}
	ptr = (const void *)rec_arg(r, spec->arg);
	if (!ptr)
		return;
	h->kind = kind;
	switch (kind) {
	case SR_CAP_STR_IN:
		capture_string(r, h, ptr);
		break;
	case SR_CAP_BUF_IN:
		len = rec_arg(r, spec->len_arg);
		capture_bytes(r, h, ptr, len < snaplen ? len : snaplen, len);
		break;
	case SR_CAP_SOCKADDR_IN:
		capture_sockaddr(r, h, ptr, (__u32)rec_arg(r, spec->len_arg));
		break;
	case SR_CAP_MSG_NAME_IN:
		capture_msg_name(r, h, ptr);
		break;
	case SR_CAP_EXEC_ARGS_IN:
		capture_exec_args(h, i, ptr, (const void *)rec_arg(r, spec->len_arg));
		break;
	case SR_CAP_OBJ_IN:
		len = spec->size;
		if (spec->len_arg != SR_NO_ARG && rec_arg(r, spec->len_arg) < len)
			len = rec_arg(r, spec->len_arg);
		capture_bytes(r, h, ptr, len, len);
		break;
	case SR_CAP_OBJ_OUT_RESTART:
		if (ret > -ERESTARTSYS || ret < -ERESTART_RESTARTBLOCK) {
			h->kind = SR_CAP_NONE;
			break;
		}
		capture_bytes(r, h, ptr, spec->size, spec->size);
		break;
	case SR_CAP_OBJ_OUT:
		if (ret < 0) {
			h->kind = SR_CAP_NONE;
			break;
		}
		capture_bytes(r, h, ptr, spec->size, spec->size);
		break;
	case SR_CAP_BUF_OUT_LENP: {
		int blen = 0;
		const void *lenp = (const void *)rec_arg(r, spec->len_arg);

		if (ret < 0 || !lenp || bpf_probe_read_user(&blen, sizeof(blen), lenp) || blen < 0) {
			h->kind = SR_CAP_NONE;
			break;
		}
		capture_bytes(r, h, ptr, (__u32)blen < snaplen ? (__u32)blen : snaplen, (__u32)blen);
		break;
	}
	case SR_CAP_OBJ_OUT_FIELD: {
		const void *field = 0;

		if (ret < 0 || spec->len_arg >= 32 ||
		    bpf_probe_read_user(&field, sizeof(field), (const __u64 *)ptr + spec->len_arg) ||
		    !field) {
			h->kind = SR_CAP_NONE;
			break;
		}
		capture_bytes(r, h, field, spec->size, spec->size);
		break;
	}
	case SR_CAP_BUF_OUT:
		if (ret <= 0) {
			h->kind = SR_CAP_NONE;
			break;
		}
		capture_bytes(r, h, ptr, (__u64)ret < snaplen ? (__u64)ret : snaplen, ret);
		break;
	case SR_CAP_SOCKADDR_OUT: {
		int alen = 0;
		const void *lenp = (const void *)rec_arg(r, spec->len_arg);

		if (ret < 0 || !lenp || bpf_probe_read_user(&alen, sizeof(alen), lenp)) {
			h->kind = SR_CAP_NONE;
			break;
		}
		capture_sockaddr(r, h, ptr, (__u32)alen);
		break;
	}
	case SR_CAP_MSG_NAME_OUT:
		if (ret < 0) {
			h->kind = SR_CAP_NONE;
			break;
		}
		capture_msg_name(r, h, ptr);
		break;
	case SR_CAP_RECORDS_OUT:
		if (ret < 0) {
			h->kind = SR_CAP_NONE;
			break;
		}
		capture_records(h, (__u64)ptr, ret, spec->size);
		break;
	}
}

static __always_inline void run_captures(struct sr_syscall_record *r, bool at_enter, __s64 ret,
					 struct pt_regs *pt, bool btf)
{
	__u32 nr = r->nr;
	struct sr_syscall_captures *c = bpf_map_lookup_elem(&syscall_captures, &nr);

	if (!c)
		return;
	run_capture(r, &c->cap[0], 0, at_enter, ret, pt, btf);
	run_capture(r, &c->cap[1], 1, at_enter, ret, pt, btf);
}

/* Start a record at the end of the batch (making room first). */
static __always_inline struct sr_syscall_record *begin_record(struct cpu_slot *s, __u32 nr,
							      __u64 ts)
{
	struct sr_syscall_record *r;

	if (s->b.len > BATCH_ROOM)
		flush(s);
	r = cur_rec(s);
	r->type = SR_REC_SYSCALL;
	r->nr = nr;
	r->ts_ns = ts;
	r->dur_ns = 0;
	r->pid = s->priv.cache_tgid;
	r->tid = s->priv.cache_tid;
	__builtin_memcpy(r->comm, s->priv.cache_comm, SR_COMM_LEN);
	r->ret = 0;
	r->flags = 0;
	__builtin_memset(r->cap, 0, sizeof(r->cap));
	return r;
}

static __always_inline bool is_error(__s64 ret)
{
	return ret < 0 && ret >= -MAX_ERRNO;
}

static __always_inline void count_call(__u32 nr, __s64 ret, __u64 dur)
{
	struct sr_syscall_stats *st = bpf_map_lookup_elem(&stats, &nr);

	if (!st)
		return;
	st->calls++;
	st->errors += is_error(ret);
	st->total_ns += dur;
	if (dur > st->max_ns)
		st->max_ns = dur;
}

/* Syscalls that never return to sys_exit: report them at enter. */
static __always_inline bool never_returns(__u32 nr)
{
	return nr == __NR_exit || nr == __NR_exit_group;
}

/* `btf`: the program is tp_btf (see PT_REG). The arguments are read only for a syscall that is
 * traced, after the filters. */
static __always_inline void on_enter(struct pt_regs *pt, bool btf, long id)
{
	__u64 regs = (__u64)pt;
	struct sr_syscall_record *r;
	__u32 nr = id;
	struct cpu_slot *s;
	__u64 now;

	if (!syscall_selected(nr))
		return;
	s = this_slot();
	if (!s || !thread_selected(s, regs))
		return;
	if (count_mode) {
		now = bpf_ktime_get_ns();
		if (never_returns(nr)) {
			count_call(nr, 0, 0);
			return;
		}
		s->b.enter_ts = now;
		s->b.enter_nr = nr;
		s->priv.in_flight = regs;
		return;
	}
	r = begin_record(s, nr, enter_times ? bpf_ktime_get_ns() : 0);
	syscall_args(pt, btf, r->args);
	run_captures(r, true, 0, pt, btf);
	if (never_returns(nr)) {
		if (only_failed)
			return;
		r->flags = SR_F_NO_RETURN;
		commit(s, r);
		flush(s);  /* the process is going away */
		return;
	}
	s->priv.in_flight = regs;
}

/* Exit of a call whose thread was switched out meanwhile: rebuild it from `parked` at the end
 * of this CPU's batch, where no call is in flight (a slot only ever holds the call of the
 * thread running on its CPU, and that thread is us). Returns NULL when it is not ours. */
static __always_inline struct sr_syscall_record *unpark(struct cpu_slot *s, __u64 regs,
							__s64 ret, __u64 now)
{
	struct sr_syscall_record *r;
	struct parked_call *p;
	__u32 tid;

	if (!thread_selected(s, regs))
		return NULL;
	tid = s->priv.cache_tid;
	p = bpf_map_lookup_elem(&parked, &tid);
	if (!p)
		return NULL;  /* entered before sysray attached */
	if (count_mode) {
		count_call(p->nr, ret, now - p->ts_ns);
		bpf_map_delete_elem(&parked, &tid);
		return NULL;
	}
	r = begin_record(s, p->nr, p->ts_ns);
	__builtin_memcpy(r->args, p->args, sizeof(p->args));
	if (p->enter_sent)
		r->flags = SR_F_RESUMED;
	bpf_map_delete_elem(&parked, &tid);
	if (!(r->flags & SR_F_RESUMED))
		run_captures(r, true, 0, NULL, false);  /* enter data was not sent: read it now */
	return r;
}

/* Was the thread killed inside the call that returns `ret`? A fatal signal (another thread's
 * exit_group, SIGKILL) ends a blocked call with a restart code or EINTR, and the thread then
 * exits on its way back to user space: nobody sees the return. Only those returns are checked
 * (the check reads the task); SIGKILL is in the thread's own pending set then (the kernel's
 * fatal_signal_pending()). A call that completed just as the signal came is not caught. */
static __always_inline bool killed_in_call(__s64 ret)
{
	struct task_struct *task;
	unsigned long pending;

	if (ret != -EINTR && (ret > -ERESTARTSYS || ret < -ERESTART_RESTARTBLOCK))
		return false;
	task = (struct task_struct *)bpf_get_current_task();
	if (BPF_CORE_READ_INTO(&pending, task, pending.signal.sig[0]))
		return false;
	return pending & (1ul << (SIGKILL - 1));
}

/* The clock at sys_exit, read only when something needs it: durations (count, or a trace
 * showing times). */
static __always_inline __u64 exit_time(void)
{
	return count_mode || enter_times ? bpf_ktime_get_ns() : 0;
}

/* `btf`: the program is tp_btf (see PT_REG; raw_tp's reads are helper calls, so the registers
 * are read only when needed). */
static __always_inline void on_exit(struct pt_regs *pt, __s64 ret, bool btf)
{
	struct cpu_slot *s = this_slot();
	struct sr_syscall_record *r;
	__u64 regs = (__u64)pt;
	__u64 now;

	if (!s)
		return;
	if (s->priv.in_flight != regs) {
		/* Not entered on this CPU in this scheduling period: either not traced (the cached
		 * verdict says so cheaply), filtered out by -e, or parked. -e is checked before the
		 * parked lookup so that a syscall -e leaves out costs no clock read and no hash
		 * lookup at exit either (orig_ax holds the syscall number, as at sys_enter). */
		if (s->priv.cache_regs == regs && !s->priv.cache_pass)
			return;
		if (!syscall_selected(SYSCALL_NR(pt, btf)))
			return;
		now = exit_time();
		r = unpark(s, regs, ret, now);
		if (!r)
			return;
	} else {
		/* Common case: entered on this CPU and never switched out. */
		now = exit_time();
		s->priv.in_flight = 0;
		if (count_mode) {
			count_call(s->b.enter_nr, ret, now - s->b.enter_ts);
			return;
		}
		r = cur_rec(s);
	}
	if ((only_failed && !is_error(ret)) || (only_succeeded && is_error(ret)))
		return;
	r->ret = ret;
	if (killed_in_call(ret))
		r->flags |= SR_F_NO_RETURN | SR_F_KILLED;
	if (enter_times)
		r->dur_ns = now - r->ts_ns;
	run_captures(r, false, ret, NULL, false);
	commit(s, r);
	if (r->nr == __NR_prctl)
		s->priv.cache_regs = 0;  /* PR_SET_NAME may have changed comm: refresh it */
}

/* The call in flight on this CPU, if any, stops being in flight (only the thread running here
 * can have put it there): in trace mode it is sent as entered, so that it is visible while it
 * blocks, and with `park` it waits in `parked` for its exit. */
static __always_inline void suspend_in_flight(struct cpu_slot *s, bool park)
{
	struct parked_call p = {};
	struct sr_syscall_record *r;
	__u32 tid;

	if (!s->priv.in_flight)
		return;
	s->priv.in_flight = 0;
	if (count_mode) {
		p.ts_ns = s->b.enter_ts;
		p.nr = s->b.enter_nr;
		tid = s->priv.cache_tid;
	} else {
		r = cur_rec(s);
		/* Not read at enter: the switch time stands in for it (the joiner shows a call
		 * blocked for long as unfinished). */
		if (!enter_times)
			r->ts_ns = bpf_ktime_get_ns();
		p.ts_ns = r->ts_ns;
		p.nr = r->nr;
		tid = r->tid;
		__builtin_memcpy(p.args, r->args, sizeof(p.args));
		if (!only_failed && !only_succeeded) {  /* its outcome decides whether it shows */
			r->type = SR_REC_SYSCALL_ENTER;
			commit(s, r);
			p.enter_sent = 1;
		}
	}
	if (park)
		bpf_map_update_elem(&parked, &tid, &p, BPF_ANY);
}

/* A thread leaves this CPU. The cache describes it only while it runs: drop it. A call it is
 * in the middle of is parked. Either way the batch goes out now, so that what happened before
 * a thread blocks is visible while it blocks. */
static __always_inline void on_switch(void)
{
	struct cpu_slot *s = this_slot();

	if (!s)
		return;
	s->priv.cache_regs = 0;
	suspend_in_flight(s, true);
	if (!count_mode)
		flush(s);
}

/* A record that is no syscall (SR_REC_THREAD_EXIT, SR_REC_SIGNAL) about the current thread, at
 * the end of the batch (no call may be in flight); NULL when the thread is not traced. These
 * are rare: the thread is looked up with helpers rather than through the slot's cache. */
static __always_inline struct sr_syscall_record *begin_notice(struct cpu_slot *s, __u32 type)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct sr_syscall_record *r;

	if (!target_selected(pid_tgid >> 32))
		return NULL;
	r = begin_record(s, 0, bpf_ktime_get_ns());
	r->type = type;
	r->pid = pid_tgid >> 32;
	r->tid = (__u32)pid_tgid;
	bpf_get_current_comm(r->comm, sizeof(r->comm));
	return r;
}

/* The current thread ends (sched_process_exit runs in it). A call still in flight will never
 * return: it goes out as entered, and userspace ends it with "= ?"; a parked one is freed. */
static __always_inline void on_thread_exit(int exit_code)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct cpu_slot *s = this_slot();
	struct sr_syscall_record *r;

	if (!s)
		return;
	suspend_in_flight(s, false);
	bpf_map_delete_elem(&parked, &tid);
	if (count_mode || !report_exits)
		return;
	r = begin_notice(s, SR_REC_THREAD_EXIT);
	if (!r)
		return;
	r->ret = exit_code;
	commit(s, r);
}

/* signal_deliver runs in the receiving thread, between its syscalls, as the signal's action is
 * about to be taken (a handler, the default action, or ignoring it). */
static __always_inline void on_signal_deliver(int sig, const void *info)
{
	struct sr_syscall_record *r;
	struct cpu_slot *s;

	if (count_mode || sig < 1 || sig > 64 || !((signal_mask >> (sig - 1)) & 1))
		return;
	s = this_slot();
	if (!s)
		return;
	suspend_in_flight(s, true);  /* not expected between syscalls, but never overwrite it */
	r = begin_notice(s, SR_REC_SIGNAL);
	if (!r)
		return;
	/* The SIGKILL of a group exit comes without siginfo (SEND_SIG_NOINFO, a null pointer):
	 * the read fails and nothing is sent, as strace shows no such line either. */
	if (bpf_probe_read_kernel(r->data, SR_KERNEL_SIGINFO_SIZE, info))
		return;
	r->args[0] = sig;
	r->cap[0].kind = SR_CAP_OBJ_IN;
	r->cap[0].len = SR_KERNEL_SIGINFO_SIZE;
	r->cap[0].full_len = SR_KERNEL_SIGINFO_SIZE;
	commit(s, r);
}

/* A new program runs in this thread: its comm changed. sched_process_exec sees every exec,
 * also when execve itself is filtered out by -e. */
static __always_inline void on_exec(void)
{
	struct cpu_slot *s = this_slot();

	if (s)
		s->priv.cache_regs = 0;
}

/* ---- tp_btf wrappers: BTF-typed arguments, direct reads ---- */
SEC("tp_btf/sys_enter")
int BPF_PROG(sys_enter_btf, struct pt_regs *regs, long id)
{
	on_enter(regs, true, id);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit_btf, struct pt_regs *regs, long ret)
{
	on_exit(regs, ret, true);
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(sched_switch_btf)
{
	on_switch();
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(sched_exit_btf, struct task_struct *task)
{
	on_thread_exit(task->exit_code);
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(sched_exec_btf)
{
	on_exec();
	return 0;
}

SEC("tp_btf/signal_deliver")
int BPF_PROG(signal_deliver_btf, int sig, struct kernel_siginfo *info)
{
	on_signal_deliver(sig, info);
	return 0;
}

/* ---- raw_tp wrappers: for kernels where tp_btf does not load; reads go through CO-RE ---- */
SEC("raw_tp/sys_enter")
int BPF_PROG(sys_enter_raw, struct pt_regs *regs, long id)
{
	on_enter(regs, false, id);
	return 0;
}

SEC("raw_tp/sys_exit")
int BPF_PROG(sys_exit_raw, struct pt_regs *regs, long ret)
{
	on_exit(regs, ret, false);
	return 0;
}

SEC("raw_tp/sched_switch")
int BPF_PROG(sched_switch_raw)
{
	on_switch();
	return 0;
}

SEC("raw_tp/sched_process_exit")
int BPF_PROG(sched_exit_raw, struct task_struct *task)
{
	on_thread_exit(BPF_CORE_READ(task, exit_code));
	return 0;
}

SEC("raw_tp/sched_process_exec")
int BPF_PROG(sched_exec_raw)
{
	on_exec();
	return 0;
}

SEC("raw_tp/signal_deliver")
int BPF_PROG(signal_deliver_raw, int sig, struct kernel_siginfo *info)
{
	on_signal_deliver(sig, info);
	return 0;
}

/* ---- both flavours ---- */
TARGETS_PROGRAMS(sched)
