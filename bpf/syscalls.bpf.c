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
#include "sysray/latency.h"
#include "sysray/inflight.h"
#include "common.bpf.h"
#include "ring_wakeup.bpf.h"
#include "targets.bpf.h"

char LICENSE[] SEC("license") = "GPL";

#define MAX_ERRNO 4095
#define EINTR 4
#define EEXIST 17
#define SIGKILL 9

/* ---- configuration, set by the loader before load ---- */
const volatile bool count_mode = false;
/* count --latency: a log2 histogram of each syscall's durations in `latency`. Off, the verifier
 * drops its code, and the loader shrinks the map to one entry: plain count pays nothing. */
const volatile bool latency_hist = false;
/* exporter: also count per (comm, syscall, errno) in `comm_counts`. Off, the verifier drops the
 * code and the loader shrinks the maps to one entry. */
const volatile bool by_comm = false;
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

LOST_EVENTS_MAP(SR_LOST_SYSCALL_SLOTS);

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SR_MAX_SYSCALLS);
	__type(key, __u32);
	__type(value, struct sr_syscall_stats);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SR_MAX_SYSCALLS);  /* 1 without --latency (the loader sets it) */
	__type(key, __u32);
	__type(value, struct sr_log2_hist);
} latency SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 16384);  /* set by the loader from --max-series; 1 without by_comm */
	__type(key, struct sr_comm_key);
	__type(value, __u64);
} comm_counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SR_MAX_SYSCALLS);  /* 1 without by_comm */
	__type(key, __u32);
	__type(value, struct sr_comm_overflow);
} comm_overflow SEC(".maps");

/* A syscall whose thread was switched out before it returned (struct sr_parked_call, in the
 * shared header: trace -p parks the calls already in progress at attach from userspace). */

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);   /* tid */
	__type(value, struct sr_parked_call);
} parked SEC(".maps");

#include "batch.bpf.h"
#include "capture.bpf.h"
#include "user_stack.bpf.h"

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
	if ((!count_mode || by_comm) && s->priv.cache_pass)
		bpf_get_current_comm(s->priv.cache_comm, sizeof(s->priv.cache_comm));
	return s->priv.cache_pass;
}

static __always_inline bool is_error(__s64 ret)
{
	return ret < 0 && ret >= -MAX_ERRNO;
}

/* Syscalls that never return to sys_exit: report them at enter. */
static __always_inline bool never_returns(__u32 nr)
{
	return nr == __NR_exit || nr == __NR_exit_group;
}

/* count --latency: one more per-CPU array lookup (inlined) and a branch-free log2. */
static __always_inline void add_latency(__u32 nr, __u64 dur)
{
	struct sr_log2_hist *h = bpf_map_lookup_elem(&latency, &nr);

	if (h)
		h->slots[sr_log2_slot(dur) & (SR_LOG2_SLOTS - 1)]++;
}

/* exporter: one more call of `nr` by the thread cached in `s` (its comm). A full hash (more
 * distinct keys than the loader sized it for) never drops a call: it goes to `comm_overflow`. */
static __always_inline void count_by_comm(struct cpu_slot *s, __u32 nr, __s64 ret)
{
	struct sr_comm_key key = {};
	struct sr_comm_overflow *o;

	__builtin_memcpy(key.comm, s->priv.cache_comm, SR_COMM_LEN);
	key.nr = nr;
	key.err = is_error(ret) ? (__u32)-ret : 0;
	if (percpu_hash_increment(&comm_counts, &key))
		return;
	o = bpf_map_lookup_elem(&comm_overflow, &nr);
	if (o) {
		o->calls++;
		o->errors += key.err != 0;
	}
}

static __always_inline void count_call(struct cpu_slot *s, __u32 nr, __s64 ret, __u64 dur)
{
	struct sr_syscall_stats *st = bpf_map_lookup_elem(&stats, &nr);

	if (!st)
		return;
	st->calls++;
	st->errors += is_error(ret);
	st->total_ns += dur;
	if (dur > st->max_ns)
		st->max_ns = dur;
	if (latency_hist && !never_returns(nr))  /* no duration: counted, not charted */
		add_latency(nr, dur);
	if (by_comm)
		count_by_comm(s, nr, ret);
}

/* `btf`: the program is tp_btf (see PT_REG). The arguments are read only for a syscall that is
 * traced, after the filters. */
static __always_inline void enter_call(struct cpu_slot *s, struct pt_regs *pt, bool btf, __u32 nr)
{
	__u64 regs = (__u64)pt;
	struct sr_syscall_record *r;
	__u64 now;

	if (!thread_selected(s, regs))
		return;
	if (count_mode) {
		now = bpf_ktime_get_ns();
		if (never_returns(nr)) {
			count_call(s, nr, 0, 0);
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
	if (stack_bytes)
		r->stack_id = send_user_stack(pt, r->pid, r->tid);
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
	struct sr_parked_call *p;
	__u32 tid;

	if (!thread_selected(s, regs))
		return NULL;
	tid = s->priv.cache_tid;
	p = bpf_map_lookup_elem(&parked, &tid);
	if (!p)
		return NULL;  /* entered before sysray attached */
	if (count_mode) {
		count_call(s, p->nr, ret, now - p->ts_ns);
		bpf_map_delete_elem(&parked, &tid);
		return NULL;
	}
	r = begin_record(s, p->nr, p->ts_ns);
	__builtin_memcpy(r->args, p->args, sizeof(p->args));
	r->stack_id = p->stack_id;
	if (p->enter_sent)
		r->flags = SR_F_RESUMED;
	bpf_map_delete_elem(&parked, &tid);
	if (!(r->flags & SR_F_RESUMED))
		run_captures(r, true, 0, NULL, false);  /* enter data was not sent: read it now */
	return r;
}

/* Was the thread killed inside the call that returns `ret`? A fatal signal (another thread's
 * exit_group, SIGKILL) puts SIGKILL in the thread's own pending set (the kernel's
 * fatal_signal_pending()); the thread exits on its way back to user space and nobody sees the
 * return, so strace prints `= ?`. That holds whatever the call returned: a blocked call ends
 * with a restart code or EINTR, but one that was running on another CPU completes normally
 * (nanosleep = 0). With tp_btf the pending set is one load, so every return is checked; with
 * raw_tp it is a helper read, so only the returns a blocked call ends with are. */
static __always_inline bool killed_in_call(__s64 ret, bool btf)
{
	struct task_struct *task;
	unsigned long pending;

	if (btf)
		return bpf_get_current_task_btf()->pending.signal.sig[0] & (1ul << (SIGKILL - 1));
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
static __always_inline void exit_call(struct cpu_slot *s, struct pt_regs *pt, __s64 ret, bool btf)
{
	struct sr_syscall_record *r;
	__u64 regs = (__u64)pt;
	__u64 now;

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
			count_call(s, s->b.enter_nr, ret, now - s->b.enter_ts);
			if (by_comm && s->b.enter_nr == __NR_prctl)
				s->priv.cache_regs = 0;  /* PR_SET_NAME may have changed comm */
			return;
		}
		r = cur_rec(s);
	}
	if ((only_failed && !is_error(ret)) || (only_succeeded && is_error(ret)))
		return;
	r->ret = ret;
	if (killed_in_call(ret, btf))
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
	struct sr_parked_call p = {};
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
		p.stack_id = r->stack_id;
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
static __always_inline void thread_exit(struct cpu_slot *s, int exit_code)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct sr_syscall_record *r;

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
	r->cap[0].read = SR_READ_BYTES;
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

/* The entry points that change a slot with interrupts enabled mark it busy meanwhile, so that
 * the timer interrupt's on_tick() never flushes a batch under them (sched_switch and
 * signal_deliver run with interrupts off). */
static __always_inline void on_enter(struct pt_regs *pt, bool btf, long id)
{
	struct cpu_slot *s;

	if (!syscall_selected(id))
		return;
	s = this_slot();
	if (!s)
		return;
	s->priv.busy = 1;
	enter_call(s, pt, btf, id);
	s->priv.busy = 0;
}

static __always_inline void on_exit(struct pt_regs *pt, __s64 ret, bool btf)
{
	struct cpu_slot *s = this_slot();

	if (!s)
		return;
	s->priv.busy = 1;
	exit_call(s, pt, ret, btf);
	s->priv.busy = 0;
}

/* The current thread ends (sched_process_exit runs in it). */
static __always_inline void on_thread_exit(int exit_code)
{
	struct cpu_slot *s = this_slot();

	if (!s)
		return;
	s->priv.busy = 1;
	thread_exit(s, exit_code);
	s->priv.busy = 0;
}

/* An hrtimer expires on this CPU (the scheduler tick among them), in interrupt context. A
 * thread that computes without syscalls or context switches would otherwise keep its last
 * records in the batch until it makes its next call, and hold back every other CPU's later
 * records in userspace's reorder buffer meanwhile. Not while a call is in flight: its record
 * is built at the end of the batch. */
static __always_inline void on_tick(void)
{
	struct cpu_slot *s = this_slot();

	if (!s || !s->b.records || s->priv.busy || s->priv.in_flight)
		return;
	if (bpf_jiffies64() - s->b.first_jiffies >= BATCH_MAX_AGE_JIFFIES)
		flush(s);
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

SEC("tp_btf/hrtimer_expire_entry")
int BPF_PROG(tick_btf)
{
	on_tick();
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

SEC("raw_tp/hrtimer_expire_entry")
int BPF_PROG(tick_raw)
{
	on_tick();
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
