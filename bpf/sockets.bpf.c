// SPDX-License-Identifier: GPL-2.0
/* `sysray sockets`, syscalls backend: socket events seen from sys_enter/sys_exit.
 *
 * Only the socket syscalls (and read/write/close on socket fds) are handled. At enter the fd is
 * resolved in the kernel (task->files->fdt->fd[fd] → struct file → S_ISSOCK → struct socket →
 * struct sock), so calls on other fds cost a few reads and send nothing. The call is kept in the
 * `inflight` LRU hash (per thread) until its exit, where the socket's addresses are read from
 * struct sock_common: after bind/connect they are the ones the kernel chose (implicit bind,
 * ephemeral port). Userspace reads `inflight` to name calls that are blocked right now.
 *
 * Why the struct sock read at enter is still valid at exit: the call holds a reference to the
 * file while it runs, and when a close drops the last one, the final fput runs as task work on
 * the way back to user space, after sys_exit.
 *
 * With `kfunc_mode` (the fentry and kprobe backends) the fd is not resolved at enter for bind,
 * listen, connect, send and recv: the kernel functions that implement them on inet sockets
 * (inet_bind, tcp_v4_connect, udp_sendmsg, ...) name the socket to the call in flight, and a
 * call no such function ran for (a read on a pipe) is dropped at exit. socket, accept and close
 * still go through the fd table: the new fd is only known at exit, and a close that does not
 * drop the last reference never reaches inet_release.
 *
 * Socket events are much rarer than syscalls: one ring record per event, sent without wakeup;
 * userspace polls with a timeout and consumes the ring when the poll times out.
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


#define AF_INET 2
#define AF_INET6 10
#define SOCK_TYPE_MASK 0xf  /* socket(2)'s type without its flags (include/linux/net.h) */
#define S_IFMT 00170000
#define S_IFSOCK 0140000

/* ---- configuration, set by the loader before load ---- */
const volatile __u32 payload_max = 0;   /* --payload N (0: no data) */
/* fentry/kprobe backends: the socket of bind, listen, connect, send and recv comes from the
 * kernel function that handles it (see saw_sock), not from the fd table. */
const volatile bool kfunc_mode = false;


struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);   /* tid */
	__type(value, struct sr_socket_inflight);
} inflight SEC(".maps");

/* The processes whose end was sent, by tgid: signal->live drops before sched_process_exit, so
 * two threads ending at once can both see it at 0 (a joined thread still on its way out while
 * the main thread exits: seen on 6.1). One notice per process: the value, the process's
 * signal_struct, tells it from a later process given the same tgid. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u64);
} exits_sent SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);  /* resized by the loader (--buffer-size) */
} events SEC(".maps");

LOST_EVENTS_MAP(SR_LOST_SLOTS);  /* enum sr_socket_lost */

/* exporter --sockets: count each event per (comm, event, protocol, errno) here instead of
 * sending it. Off, the verifier drops the code and the loader shrinks the maps to one entry. */
const volatile bool count_events = false;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 1);  /* set by the loader from --max-series */
	__type(key, struct sr_socket_count_key);
	__type(value, __u64);
} event_counts SEC(".maps");

/* Per event kind: the events the full `event_counts` had no room for (never dropped). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SR_SOCK_EVENT_LAST + 1);
	__type(key, __u32);
	__type(value, __u64);
} event_counts_full SEC(".maps");

static __always_inline void count_event(const struct sr_socket_record *r)
{
	struct sr_socket_count_key key = {};
	__u32 event = r->event;
	__u64 *n;

	__builtin_memcpy(key.comm, r->comm, sizeof(key.comm));
	key.event = r->event;
	key.sock_type = r->id.sock_type;
	key.protocol = r->id.protocol;
	key.err = r->ret < 0 && r->ret >= -4095 ? -r->ret : 0;
	if (percpu_hash_increment(&event_counts, &key))
		return;
	n = bpf_map_lookup_elem(&event_counts_full, &event);
	if (n)
		*n += 1;
}

#define USER_STACK_LOST_SLOT SR_LOST_SOCKET_STACKS
#include "user_stack.bpf.h"

/* The record is built here (too big for the stack with its payload) and copied to the ring. */
struct scratch {
	struct sr_socket_record r;
	__u8 payload[SR_SOCK_PAYLOAD_MAX];
	__u32 since_check;  /* for ring_wakeup_flags; after the payload, so never sent */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch SEC(".maps");

/* struct file's reference count before 6.13 (then `file_ref_t f_ref`). */
struct file___f_count {
	atomic_long_t f_count;
} __attribute__((preserve_access_index));

static __always_inline bool handled(__u32 nr)
{
	switch (nr) {
	case __NR_read: case __NR_write: case __NR_close: case __NR_socket: case __NR_connect:
	case __NR_accept: case __NR_accept4: case __NR_sendto: case __NR_recvfrom: case __NR_sendmsg:
	case __NR_recvmsg: case __NR_bind: case __NR_listen:
		return true;
	}
	return false;
}

static __always_inline __u16 event_of(__u32 nr)
{
	switch (nr) {
	case __NR_socket: return SR_SOCK_SOCKET;
	case __NR_bind: return SR_SOCK_BIND;
	case __NR_listen: return SR_SOCK_LISTEN;
	case __NR_connect: return SR_SOCK_CONNECT;
	case __NR_accept: case __NR_accept4: return SR_SOCK_ACCEPT;
	case __NR_write: case __NR_sendto: case __NR_sendmsg: return SR_SOCK_SEND;
	case __NR_read: case __NR_recvfrom: case __NR_recvmsg: return SR_SOCK_RECV;
	case __NR_close: return SR_SOCK_CLOSE;
	}
	return 0;
}

/* fd → struct file of the current task, or NULL. */
static __always_inline struct file *fd_file(int fd)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds;
	struct file *f = NULL;

	if (!fdt || fd < 0 || (unsigned int)fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	fds = BPF_CORE_READ(fdt, fd);
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

/* The struct sock behind a file that is a socket, else NULL. */
static __always_inline struct sock *file_sock(struct file *f)
{
	struct socket *sock;

	if (!f)
		return NULL;
	if ((BPF_CORE_READ(f, f_inode, i_mode) & S_IFMT) != S_IFSOCK)
		return NULL;
	sock = BPF_CORE_READ(f, private_data);
	return sock ? BPF_CORE_READ(sock, sk) : NULL;
}

static __always_inline __u32 file_refs(struct file *f)
{
	struct file___f_count *old = (void *)f;

	if (bpf_core_field_exists(old->f_count))
		return BPF_CORE_READ(old, f_count.counter);
	/* file_ref_t counts from 0 for one reference (FILE_REF_ONEREF). */
	return BPF_CORE_READ(f, f_ref.refcnt.counter) + 1;
}

/* Family, type, protocol and both addresses of `sk` into the record. */
static __always_inline void read_sock(struct sr_socket_id *r, struct sock *sk)
{
	struct sock_common *c = &sk->__sk_common;

	r->family = BPF_CORE_READ(c, skc_family);
	r->sock_type = BPF_CORE_READ(sk, sk_type);
	r->protocol = BPF_CORE_READ(sk, sk_protocol);
	r->lport = BPF_CORE_READ(c, skc_num);
	r->rport = __builtin_bswap16(BPF_CORE_READ(c, skc_dport));
	if (r->family == AF_INET6) {
		BPF_CORE_READ_INTO(&r->laddr, c, skc_v6_rcv_saddr);
		BPF_CORE_READ_INTO(&r->raddr, c, skc_v6_daddr);
	} else {
		BPF_CORE_READ_INTO((__u32 *)r->laddr, c, skc_rcv_saddr);
		BPF_CORE_READ_INTO((__u32 *)r->raddr, c, skc_daddr);
	}
}

/* A struct sockaddr in user memory → family, port (host order), address. */
static __always_inline void read_user_sockaddr(struct sr_socket_inflight *c, const void *ptr,
					       __u32 len)
{
	__u16 family = 0, port = 0;

	/* The uapi layouts (vmlinux.h has them): the port sits at the same place in both. */
	if (!ptr || len < sizeof(family) || bpf_probe_read_user(&family, sizeof(family), ptr))
		return;
	if (family == AF_INET && len >= sizeof(struct sockaddr_in)) {
		bpf_probe_read_user(c->uaddr, sizeof(struct in_addr),
				    ptr + __builtin_offsetof(struct sockaddr_in, sin_addr));
	} else if (family == AF_INET6 && len >= __builtin_offsetof(struct sockaddr_in6, sin6_scope_id)) {
		bpf_probe_read_user(c->uaddr, sizeof(struct in6_addr),
				    ptr + __builtin_offsetof(struct sockaddr_in6, sin6_addr));
	} else {
		return;
	}
	bpf_probe_read_user(&port, sizeof(port), ptr + __builtin_offsetof(struct sockaddr_in, sin_port));
	c->ufamily = family;
	c->uport = __builtin_bswap16(port);
}

static __always_inline void read_msg_name(struct sr_socket_inflight *c, const struct user_msghdr *m)
{
	struct user_msghdr msg;

	if (!m || bpf_probe_read_user(&msg, sizeof(msg), m))
		return;
	read_user_sockaddr(c, msg.msg_name, msg.msg_namelen);
}

/* `btf`: the program is tp_btf (see PT_REG): the registers are read only for a handled call of
 * a target. */
static __always_inline void on_enter(__u64 nr, struct pt_regs *pt, bool btf)
{
	struct sr_socket_inflight c = {};
	__u64 pid_tgid;
	struct file *f;
	struct sock *sk = NULL;
	__u32 tid;

	if (!handled(nr))
		return;
	pid_tgid = bpf_get_current_pid_tgid();
	if (!target_selected(pid_tgid >> 32))
		return;
	syscall_args(pt, btf, c.args);
	c.fd = (int)c.args[0];
	if (nr != __NR_socket && (!kfunc_mode || nr == __NR_close || nr == __NR_accept || nr == __NR_accept4)) {
		/* Every other call names a socket fd in its first argument: drop the others here. */
		f = fd_file(c.fd);
		sk = file_sock(f);
		if (!sk)
			return;
		c.ino = BPF_CORE_READ(f, f_inode, i_ino);
		if (nr == __NR_close) {
			/* After the close the socket may be torn down: its addresses are read now. */
			c.refs = file_refs(f);
			read_sock(&c.closing, sk);
		}
	}
	c.ts_ns = bpf_ktime_get_ns();
	c.pid = pid_tgid >> 32;
	c.nr = nr;
	c.sock = (__u64)sk;
	switch (nr) {
	case __NR_bind:
	case __NR_connect:
		read_user_sockaddr(&c, (const void *)c.args[1], c.args[2]);
		break;
	case __NR_sendto:
		read_user_sockaddr(&c, (const void *)c.args[4], c.args[5]);
		break;
	case __NR_sendmsg:
		read_msg_name(&c, (const struct user_msghdr *)c.args[1]);
		break;
	}
	tid = (__u32)pid_tgid;
	bpf_map_update_elem(&inflight, &tid, &c, BPF_ANY);
}

static __always_inline bool is_inet(__u16 family)
{
	return family == AF_INET || family == AF_INET6;
}

static __always_inline bool addr_is_zero(const __u8 *a, __u16 family)
{
	__u64 lo = 0, hi = 0;

	__builtin_memcpy(&lo, a, 8);
	__builtin_memcpy(&hi, a + 8, 8);
	if (family == AF_INET)
		return (__u32)lo == 0;
	return lo == 0 && hi == 0;
}

/* The user's sockaddr stands in where the socket does not have the address (yet, or any
 * more): a failed bind's requested address, a failed connect's peer, an unconnected UDP
 * socket's destination or source. */
static __always_inline void use_user_addr(struct sr_socket_id *r, struct sr_socket_inflight *c,
					  bool local)
{
	if (!c->ufamily || (c->ufamily != r->family && r->family))
		return;
	if (local) {
		__builtin_memcpy(r->laddr, c->uaddr, 16);
		r->lport = c->uport;
	} else {
		__builtin_memcpy(r->raddr, c->uaddr, 16);
		r->rport = c->uport;
	}
}

/* The first iovec of a user_msghdr: where sendmsg/recvmsg data starts. */
static __always_inline const void *msg_first_buf(const struct user_msghdr *m, __u64 *len)
{
	struct user_msghdr msg;
	struct iovec iov;

	if (!m || bpf_probe_read_user(&msg, sizeof(msg), m) || !msg.msg_iov || !msg.msg_iovlen)
		return NULL;
	if (bpf_probe_read_user(&iov, sizeof(iov), msg.msg_iov))
		return NULL;
	*len = iov.iov_len;
	return iov.iov_base;
}

static __always_inline void capture_payload(struct scratch *s, struct sr_socket_inflight *c,
					    __s64 ret)
{
	const void *buf = (const void *)c->args[1];
	__u64 avail = ret, n;

	if (!payload_max || ret <= 0)
		return;
	if (c->nr == __NR_sendmsg || c->nr == __NR_recvmsg)
		buf = msg_first_buf((const struct user_msghdr *)c->args[1], &avail);
	if (!buf)
		return;
	n = avail < (__u64)ret ? avail : (__u64)ret;
	if (n > payload_max)
		n = payload_max;
	n = BOUND(n, SR_SOCK_PAYLOAD_MAX);
	if (n && bpf_probe_read_user(s->payload, n, buf) == 0)
		s->r.payload_len = n;
}

/* `pt`: the syscall's saved user registers (the tracepoint's first argument). */
static __always_inline void on_exit(struct pt_regs *pt, __s64 ret)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)pid_tgid, zero = 0;
	struct sr_socket_inflight *c = bpf_map_lookup_elem(&inflight, &tid);
	struct sr_socket_record *r;
	struct scratch *s;
	struct sock *sk = NULL;
	struct file *f = NULL;
	__u16 event;

	if (!c)
		return;
	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s)
		goto out;
	r = &s->r;
	__builtin_memset(r, 0, sizeof(*r));
	event = event_of(c->nr);
	r->type = SR_REC_SOCKET;
	r->event = event;
	r->nr = c->nr;
	r->ts_ns = c->ts_ns;
	r->dur_ns = bpf_ktime_get_ns() - c->ts_ns;
	r->pid = pid_tgid >> 32;
	r->tid = tid;
	bpf_get_current_comm(r->comm, sizeof(r->comm));
	r->ret = ret;
	r->fd = c->fd;
	r->refs = c->refs;
	r->ino = c->ino;
	sk = (struct sock *)c->sock;
	if (event == SR_SOCK_SOCKET || event == SR_SOCK_ACCEPT) {
		/* The new socket is the returned fd. */
		if (ret >= 0) {
			f = fd_file(ret);
			sk = file_sock(f);
			if (sk) {
				r->fd = ret;
				r->ino = BPF_CORE_READ(f, f_inode, i_ino);
			}
		} else if (event == SR_SOCK_SOCKET) {
			r->id.family = c->args[0];
			r->id.sock_type = c->args[1] & SOCK_TYPE_MASK;  /* no SOCK_NONBLOCK/CLOEXEC */
			r->id.protocol = c->args[2];
			r->fd = -1;
		}
	}
	if (kfunc_mode && !sk && event != SR_SOCK_SOCKET && event != SR_SOCK_ACCEPT)
		goto out;  /* no socket function ran: not an inet socket */
	if (event == SR_SOCK_CLOSE)
		r->id = c->closing;
	else if (sk)
		read_sock(&r->id, sk);
	if (!is_inet(r->id.family))
		goto out;  /* AF_UNIX, netlink, ...: not this command's business */
	if (count_events) {
		count_event(r);
		goto out;
	}
	switch (c->nr) {
	case __NR_bind:
		if (ret < 0 || !r->id.lport)
			use_user_addr(&r->id, c, true);
		break;
	case __NR_connect:
	case __NR_sendto:
	case __NR_sendmsg:
		if (ret < 0 || !r->id.rport)
			use_user_addr(&r->id, c, false);
		break;
	case __NR_recvfrom:
	case __NR_recvmsg:
		if (ret >= 0 && !r->id.rport) {
			/* The sender's address is an output: read it now. */
			if (c->nr == __NR_recvfrom) {
				int alen = 0;

				if (c->args[5] &&
				    !bpf_probe_read_user(&alen, sizeof(alen), (const void *)c->args[5]))
					read_user_sockaddr(c, (const void *)c->args[4], alen);
			} else {
				read_msg_name(c, (const struct user_msghdr *)c->args[1]);
			}
			use_user_addr(&r->id, c, false);
		}
		break;
	}
	if (event == SR_SOCK_SEND || event == SR_SOCK_RECV) {
		r->payload_full = ret > 0 ? ret : 0;
		capture_payload(s, c, ret);
	}
	/* -k: the user stack at the call's return, the same as at its enter above the stack
	 * pointer (the call may have written a buffer there, never a frame's return address). */
	if (stack_bytes)
		r->stack_id = send_user_stack(pt, r->pid, r->tid);
	if (bpf_ringbuf_output(&events, s, sizeof(*r) + BOUND(r->payload_len, SR_SOCK_PAYLOAD_MAX),
			       ring_wakeup_flags(&events, &s->since_check)))
		count_lost(SR_LOST_SOCKET_EVENTS, 1);
out:
	bpf_map_delete_elem(&inflight, &tid);
}

/* sched_process_exit of the current task: when it was the last thread of a watched process,
 * say so. Its sockets are released now, without any close(), and the port table must know that
 * before it names an owner. */
static __always_inline void send_process_exit(struct task_struct *task)
{
	__u32 zero = 0, tgid = BPF_CORE_READ(task, tgid);
	__u64 signal = (__u64)BPF_CORE_READ(task, signal), *sent;
	struct scratch *s;
	struct sr_socket_record *r;

	if (count_events || !last_thread(task) || !target_selected(tgid))
		return;  /* counting keeps no port table */
	if (bpf_map_update_elem(&exits_sent, &tgid, &signal, BPF_NOEXIST)) {
		sent = bpf_map_lookup_elem(&exits_sent, &tgid);
		if (sent && *sent == signal)
			return;  /* another thread of the process sent it */
		bpf_map_update_elem(&exits_sent, &tgid, &signal, BPF_ANY);
	}
	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s)
		return;
	r = &s->r;
	__builtin_memset(r, 0, sizeof(*r));
	r->type = SR_REC_SOCKET;
	r->event = SR_SOCK_EXIT;
	r->ts_ns = bpf_ktime_get_ns();
	r->pid = tgid;
	r->tid = (__u32)bpf_get_current_pid_tgid();
	bpf_get_current_comm(r->comm, sizeof(r->comm));
	r->fd = -1;
	if (bpf_ringbuf_output(&events, r, sizeof(*r), ring_wakeup_flags(&events, &s->since_check)))
		count_lost(SR_LOST_PROCESS_EXITS, 1);
}

/* A kernel socket function runs inside the current thread's socket syscall: that call is on
 * `sk`. The first one wins (a connect's inner calls name the same socket anyway). */
static __always_inline void saw_sock(struct sock *sk)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct sr_socket_inflight *c;

	if (!sk)
		return;
	c = bpf_map_lookup_elem(&inflight, &tid);
	if (!c || c->sock)
		return;
	c->sock = (__u64)sk;
	c->ino = BPF_CORE_READ(sk, sk_socket, file, f_inode, i_ino);
}

static __always_inline void saw_socket(struct socket *sock)
{
	saw_sock(BPF_CORE_READ(sock, sk));
}

/* One fentry and one kprobe program per kernel function, off unless the loader enables the
 * backend's set. Only the first argument is read: it is the same in every kernel from 6.1 on,
 * while later ones changed (inet_csk_accept's, tcp_recvmsg's noblock). */
#define HOOK(fn, type, call)                                                   \
	SEC("?fentry/" #fn)                                                    \
	int BPF_PROG(fentry_##fn, type arg0)                                   \
	{                                                                      \
		call(arg0);                                                    \
		return 0;                                                      \
	}                                                                      \
	SEC("?kprobe/" #fn)                                                    \
	int BPF_KPROBE(kprobe_##fn, type arg0)                                 \
	{                                                                      \
		call(arg0);                                                    \
		return 0;                                                      \
	}

HOOK(inet_bind, struct socket *, saw_socket)
HOOK(inet6_bind, struct socket *, saw_socket)
HOOK(inet_listen, struct socket *, saw_socket)
HOOK(tcp_v4_connect, struct sock *, saw_sock)
HOOK(tcp_v6_connect, struct sock *, saw_sock)
HOOK(ip4_datagram_connect, struct sock *, saw_sock)
HOOK(ip6_datagram_connect, struct sock *, saw_sock)
HOOK(inet_csk_accept, struct sock *, saw_sock)
HOOK(tcp_sendmsg, struct sock *, saw_sock)
HOOK(udp_sendmsg, struct sock *, saw_sock)
HOOK(udpv6_sendmsg, struct sock *, saw_sock)
HOOK(tcp_recvmsg, struct sock *, saw_sock)
HOOK(udp_recvmsg, struct sock *, saw_sock)
HOOK(udpv6_recvmsg, struct sock *, saw_sock)

/* ---- tp_btf wrappers ---- */
SEC("tp_btf/sys_enter")
int BPF_PROG(sock_enter_btf, struct pt_regs *regs, long id)
{
	on_enter(id, regs, true);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sock_exit_btf, struct pt_regs *regs, long ret)
{
	if (handled(SYSCALL_NR(regs, true)))
		on_exit(regs, ret);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(sock_proc_exit_btf, struct task_struct *task)
{
	send_process_exit(task);
	return 0;
}

/* ---- raw_tp wrappers: where tp_btf does not load ---- */
SEC("raw_tp/sys_enter")
int BPF_PROG(sock_enter_raw, struct pt_regs *regs, long id)
{
	on_enter(id, regs, false);
	return 0;
}

SEC("raw_tp/sys_exit")
int BPF_PROG(sock_exit_raw, struct pt_regs *regs, long ret)
{
	if (handled(SYSCALL_NR(regs, false)))
		on_exit(regs, ret);
	return 0;
}

SEC("raw_tp/sched_process_exit")
int BPF_PROG(sock_proc_exit_raw, struct task_struct *task)
{
	send_process_exit(task);
	return 0;
}

/* ---- both flavours ---- */
TARGETS_PROGRAMS(sock)
