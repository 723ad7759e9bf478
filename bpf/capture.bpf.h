/* SPDX-License-Identifier: GPL-2.0 */
/* The capture interpreter of syscalls.bpf.c: reads the user memory a syscall's arguments point
 * to, following the recipes userspace wrote in `syscall_captures` (struct sr_capture_spec,
 * events.h). Every per-syscall choice is in the recipe; here are only the read primitives
 * (bytes, a string, exec arguments, a record count) and where their address and length come
 * from. Included by syscalls.bpf.c after batch.bpf.h and its `snaplen` setting. */
#pragma once

#define ERESTARTSYS 512            /* .. ERESTART_RESTARTBLOCK 516: kernel-internal, seen at exit */
#define ERESTART_RESTARTBLOCK 516

/* Argument `i` (0-5) of the record; masked so the verifier sees a bounded index. */
static __always_inline __u64 rec_arg(struct sr_syscall_record *r, __u8 i)
{
	return i < 6 ? r->args[i & 7] : 0;
}

/* Where the next capture's data goes: after the record's data so far. Captures run in slot
 * order (enter captures hold the first slots), and a capture's data stays within SR_CAP_MAX. */
static __always_inline __u64 next_data_off(struct sr_syscall_record *r)
{
	return BOUND(rec_data_len(r), (SR_MAX_CAPTURES - 1) * SR_CAP_MAX);
}

/* Copy `len` bytes of user memory at `ptr` after the record's data so far. */
static __always_inline void capture_bytes(struct sr_syscall_record *r, struct sr_capture_header *h,
					  const void *ptr, __u64 len, __u64 full_len)
{
	__u64 off = next_data_off(r);

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
	__u64 off = next_data_off(r);
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
	__u32 slot = w->slot;
	const char *p;
	__u8 *dst;
	long n;

	if (!s || slot >= SR_MAX_CAPTURES)
		return 1;
	r = cur_rec(s);
	h = &r->cap[slot];
	base = data_before(r, slot);
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
	__u32 slot = w->slot;
	const char *p;

	if (!s || slot >= SR_MAX_CAPTURES)
		return 1;
	h = &cur_rec(s)->cap[slot];
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

/* SR_READ_RECORDS: counts the records in the `len` bytes the call returned at `buf`, each
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
					    __u16 len_at)
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

/* Does capture `spec` run on this side of the call: at enter, or at exit with return `ret`? */
static __always_inline bool capture_due(const struct sr_capture_spec *spec, bool at_enter,
					__s64 ret)
{
	if (spec->read == SR_READ_NONE || (spec->when == SR_AT_ENTER) != at_enter)
		return false;
	switch (spec->cond) {
	case SR_IF_OK:
		return ret >= 0;
	case SR_IF_POSITIVE:
		return ret > 0;
	case SR_IF_RESTART:
		return ret <= -ERESTARTSYS && ret >= -ERESTART_RESTARTBLOCK;
	default:
		return true;
	}
}

/* The object's length (enum sr_length); false when there is nothing to read. */
static __always_inline bool capture_length(struct sr_syscall_record *r,
					   const struct sr_capture_spec *spec, __s64 ret, __u64 *len)
{
	__u64 at;
	int n = 0;

	switch (spec->length) {
	case SR_LEN_ARG:
		*len = rec_arg(r, spec->len_arg);
		return true;
	case SR_LEN_RET:
		*len = ret;
		return ret >= 0;
	case SR_LEN_RET_ITEMS:
		*len = (__u64)ret * spec->len_off;
		return ret >= 0;
	case SR_LEN_FIELD:
		at = rec_arg(r, spec->len_arg);
		if (!at || bpf_probe_read_user(&n, sizeof(n), (const void *)(at + spec->len_off)) || n < 0)
			return false;
		*len = n;
		return true;
	default:
		*len = spec->max;
		return true;
	}
}

/* The object's address (enum sr_address); 0 when there is nothing to read. `pt`: the
 * registers at sys_enter, NULL elsewhere (the stack pointer may have moved). */
static __always_inline __u64 capture_address(struct sr_syscall_record *r,
					     const struct sr_capture_spec *spec,
					     struct sr_capture_header *h, struct pt_regs *pt,
					     bool btf)
{
	__u64 base, field = 0;

	switch (spec->address) {
	case SR_ADDR_STACK:
		return pt ? PT_REG(pt, btf, sp) + spec->addr_off : 0;
	case SR_ADDR_FIELD:
		base = rec_arg(r, spec->addr_arg);
		if (!base)
			return 0;
		h->read = spec->read;  /* the struct is there: a NULL field reads as 0 bytes */
		if (bpf_probe_read_user(&field, sizeof(field), (const void *)(base + spec->addr_off)))
			h->flags |= SR_CAPF_FAULT;
		return field;
	default:
		return rec_arg(r, spec->addr_arg);
	}
}

/* Run capture `i` (enum sr_read, events.h) if it belongs to this side of the syscall. */
static __always_inline void run_capture(struct sr_syscall_record *r,
					const struct sr_capture_spec *spec, int i, bool at_enter,
					__s64 ret, struct pt_regs *pt, bool btf)
{
	struct sr_capture_header *h = &r->cap[i];
	__u64 addr, len, limit;

	if (!capture_due(spec, at_enter, ret) || !capture_length(r, spec, ret, &len))
		return;
	addr = capture_address(r, spec, h, pt, btf);
	if (!addr)
		return;
	h->read = spec->read;
	switch (spec->read) {
	case SR_READ_STRING:
		capture_string(r, h, (const void *)addr);
		break;
	case SR_READ_ARGV:
		capture_exec_args(h, i, (const void *)addr, (const void *)rec_arg(r, spec->len_arg));
		break;
	case SR_READ_RECORDS:
		capture_records(h, addr, len, spec->record_len_off);
		break;
	default:
		/* Bounded first: on a path where len holds a negative return (impossible: the
		 * length source checked it), the 6.1 verifier keeps contradictory bounds after
		 * `len < limit` and refuses the read. full_len is 32 bits anyway. */
		len = BOUND(len, 0x7fffffff);
		limit = spec->max == SR_SNAPLEN ? snaplen : spec->max;
		capture_bytes(r, h, (const void *)addr, len < limit ? len : limit, len);
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
	run_capture(r, &c->cap[2], 2, at_enter, ret, pt, btf);
}
