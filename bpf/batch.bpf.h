/* SPDX-License-Identifier: GPL-2.0 */
/* syscalls.bpf.c's per-CPU batches: the slot of each CPU, the record under construction at the
 * end of its batch, and sending batches to the ring. Included by syscalls.bpf.c after its
 * `events` ring, `event_seq` counter and LOST_EVENTS_MAP. */
#pragma once

/* Records are collected per CPU in a batch and sent to the ring together: one ring reservation
 * per batch instead of one per syscall. A batch is sent when it is nearly full, when the CPU
 * switches tasks (so a blocked call's ENTER record goes out at once), when its oldest record
 * is BATCH_MAX_AGE_JIFFIES old (checked at each commit and at each timer interrupt), and for
 * exits. Userspace reads what is left in the batches
 * after detaching, so nothing is lost at the end of a session. */
#define REC_MAX (sizeof(struct sr_syscall_record) + SR_MAX_CAPTURES * SR_CAP_MAX)
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
	__u32 busy;                 /* a program is changing the slot (see on_tick) */
	__u32 pad;
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

/* How far the stream is complete, per CPU, for userspace's reorder buffer (it maps this
 * array): 1 + a number at most the seq of the oldest record in the CPU's batch, 0 when the
 * batch is empty. Set before the first record takes its seq, cleared once the batch is in the
 * ring: every record with a seq below the smallest value (or below event_seq when all are 0)
 * has reached the ring. So userspace releases by what has been sent, not by how long it
 * waited: a CPU stalled for 50 ms (a preempted vCPU) no longer puts its records out of
 * order. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);  /* the loader sets one per possible CPU */
	__type(key, __u32);
	__type(value, __u64);
} batch_floor SEC(".maps");

/* Once per batch, so the helper call does not count. */
static __always_inline void set_batch_floor(__u64 value)
{
	__u32 cpu = bpf_get_smp_processor_id();
	__u64 *floor = bpf_map_lookup_elem(&batch_floor, &cpu);

	if (floor)
		*(volatile __u64 *)floor = value;
}

static __always_inline struct cpu_slot *this_slot(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&slots, &zero);
}

/* The record under construction: right after the complete records of the batch. */
static __always_inline struct sr_syscall_record *cur_rec(struct cpu_slot *s)
{
	return (struct sr_syscall_record *)&s->batch[BOUND(s->b.len, BATCH_ROOM)];
}

/* Bytes of data the captures before `slot` hold: where that capture's data starts. */
static __always_inline __u64 data_before(struct sr_syscall_record *r, __u32 slot)
{
	__u64 n = 0;

	_Static_assert(SR_MAX_CAPTURES == 3, "data_before() adds up three captures");
	if (slot > 0)
		n += BOUND(r->cap[0].len, SR_CAP_MAX);
	if (slot > 1)
		n += BOUND(r->cap[1].len, SR_CAP_MAX);
	if (slot > 2)
		n += BOUND(r->cap[2].len, SR_CAP_MAX);
	return n;
}

/* Bytes of data of all the record's captures. */
static __always_inline __u64 rec_data_len(struct sr_syscall_record *r)
{
	return data_before(r, SR_MAX_CAPTURES);
}

/* Send the batch to the ring; wake the reader only when the ring is a quarter full. */
static __always_inline void flush(struct cpu_slot *s)
{
	__u64 len = BOUND(s->b.len, SR_BATCH_BYTES);

	if (!len)
		return;
	if (bpf_ringbuf_output(&events, s->batch, len, ring_wakeup_flags(&events, &s->priv.since_query)))
		count_lost(SR_LOST_RECORDS, s->b.records);
	s->b.len = 0;
	s->b.records = 0;
	set_batch_floor(0);
}

/* The record under construction becomes part of the batch, and takes its place in the
 * stream's order. */
static __always_inline void commit(struct cpu_slot *s, struct sr_syscall_record *r)
{
	__u64 size = sizeof(*r) + rec_data_len(r);
	__u64 now = bpf_jiffies64();

	if (!s->b.records) {
		/* Before the seq is taken (the atomic add orders the two): the seq will be at least
		 * this. */
		set_batch_floor(*(volatile __u64 *)&event_seq + 1);
		s->b.first_jiffies = now;
	}
	r->seq = __sync_fetch_and_add(&event_seq, 1);
	s->b.len += SR_RECORD_ALIGN(size);
	s->b.records++;
	if (s->b.len > BATCH_ROOM || now - s->b.first_jiffies >= BATCH_MAX_AGE_JIFFIES)
		flush(s);
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
	r->stack_id = 0;
	__builtin_memset(r->cap, 0, sizeof(r->cap));
	return r;
}
