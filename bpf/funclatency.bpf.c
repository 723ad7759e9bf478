// SPDX-License-Identifier: GPL-2.0
/* `sysray funclatency`: a log2 histogram of each kernel function's durations, kept in the
 * kernel (per-CPU arrays, no ring traffic). An entry program notes the time per (thread,
 * function); the return program turns it into a histogram slot. Every attachment carries its
 * function's slot as BPF cookie, as in funccount.bpf.c, so one pair of programs serves every
 * function (the loader makes the fentry/fexit copies). The loader enables only the chosen
 * backend's pair (userspace/bpfload/function_probes.h). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "sysray/latency.h"
#include "targets.bpf.h"

char LICENSE[] SEC("license") = "GPL";

#define MAX_FUNCS 8192

/* Keyed by function too: with 'udp_*' a thread is inside several at once (udp_sendmsg calls
 * udp_send_skb). A function that recurses overwrites its outer start: the outer call is not
 * counted (BCC's funclatency has the same limit). */
struct start_key {
	__u32 tid;
	__u32 slot;
};

/* LRU: a start whose return never comes (the thread died, the return probe was refused) ages
 * out instead of filling the map. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, struct start_key);
	__type(value, __u64);
} starts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MAX_FUNCS);  /* resized by the loader to the number of functions */
	__type(key, __u32);
	__type(value, struct sr_log2_hist);
} hists SEC(".maps");

static __always_inline int on_entry(void *ctx)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct start_key k = {.tid = (__u32)pid_tgid, .slot = bpf_get_attach_cookie(ctx)};
	__u64 now;

	/* Without -p or --cgroup every call counts, the idle task's (tgid 0) included. */
	if ((filter_pids || filter_cgroup) && !target_selected(pid_tgid >> 32))
		return 0;
	now = bpf_ktime_get_ns();
	bpf_map_update_elem(&starts, &k, &now, BPF_ANY);
	return 0;
}

static __always_inline int on_return(void *ctx)
{
	struct start_key k = {.tid = (__u32)bpf_get_current_pid_tgid(),
			      .slot = bpf_get_attach_cookie(ctx)};
	struct sr_log2_hist *h;
	__u64 *start, dur;

	start = bpf_map_lookup_elem(&starts, &k);
	if (!start)
		return 0;  /* not selected, or entered before the probes attached */
	dur = bpf_ktime_get_ns() - *start;
	bpf_map_delete_elem(&starts, &k);
	h = bpf_map_lookup_elem(&hists, &k.slot);
	if (h)
		h->slots[sr_log2_slot(dur) & (SR_LOG2_SLOTS - 1)]++;
	return 0;
}

SEC("?kprobe.multi")
int lat_kprobe_multi(struct pt_regs *ctx) { return on_entry(ctx); }

SEC("?kretprobe.multi")
int lat_kretprobe_multi(struct pt_regs *ctx) { return on_return(ctx); }

SEC("?kprobe")
int lat_kprobe(struct pt_regs *ctx) { return on_entry(ctx); }

SEC("?kretprobe")
int lat_kretprobe(struct pt_regs *ctx) { return on_return(ctx); }

/* Loaded once per function by the loader, each copy with its own attach target. */
SEC("?fentry")
int lat_fentry(void *ctx) { return on_entry(ctx); }

SEC("?fexit")
int lat_fexit(void *ctx) { return on_return(ctx); }
