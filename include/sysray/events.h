/* Records and tables shared by the BPF programs (bpf/) and the C++ loader (userspace/).
 * Fixed-width types only: this header is compiled by clang -target bpf and by g++. */
#ifndef SYSRAY_EVENTS_H
#define SYSRAY_EVENTS_H

#ifdef __BPF__
/* vmlinux.h provides __u8.. __u64 */
#else
#include <linux/types.h>
#endif

#define SR_COMM_LEN 16
#define SR_MAX_SYSCALLS 512      /* syscall numbers are < 512 on x86_64 */
#define SR_MAX_CAPTURES 3        /* per syscall: e.g. recvfrom's buffer, its sockaddr and the
                                    sockaddr's length as it went in */
#define SR_CAP_MAX 4096          /* most bytes one capture can hold (-s is clamped to it) */
#define SR_PATH_MAX 256          /* most bytes of a path string captured */
#define SR_SOCKADDR_MAX 128      /* sizeof(struct sockaddr_storage) */
#define SR_ARGV_MAX 128          /* most argv elements an SR_READ_ARGV capture holds */
#define SR_ARGV_STR_MAX 1024     /* most bytes of one argv element (also cut at -s) */
#define SR_ENVP_COUNT_MAX 1024   /* envp entries counted at most (SR_CAPF_CAPPED beyond) */
#define SR_RECORDS_MAX 8192      /* records an SR_READ_RECORDS capture counts at most */

/* The first 4 bytes of every ring-buffer record say what follows. */
enum sr_record_type {
	SR_REC_SYSCALL = 1,         /* a completed syscall (enter data included unless flagged) */
	SR_REC_SYSCALL_ENTER = 2,   /* a syscall that was switched out before it returned:
	                               args + enter captures; its exit comes later, flagged RESUMED */
	/* Not syscalls, sent in the same record layout (nr 0): */
	SR_REC_THREAD_EXIT = 3,     /* a traced thread ended: ret = its exit code (wait(2) status
	                               bits: exit status << 8, or the killing signal | 0x80 on a
	                               core dump) */
	SR_REC_SIGNAL = 4,          /* a signal is delivered to a traced thread: args[0] = signal,
	                               cap[0] (SR_READ_BYTES) = the kernel's siginfo
	                               (SR_KERNEL_SIGINFO_SIZE bytes) */
	/* `sysray sockets`' own ring: */
	SR_REC_SOCKET = 5,          /* struct sr_socket_record */
	/* `sysray trace -k`, in the syscall ring, sent alone (not in a batch); also sockets -k and
	 * funccount --user, each in its own ring: */
	SR_REC_USER_STACK = 6,      /* struct sr_stack_record */
	/* `sysray funccount --user`: */
	SR_REC_FUNC_HIT = 7,        /* struct sr_func_hit (sysray/stack_counts.h) */
};

#define SR_KERNEL_SIGINFO_SIZE 48   /* struct kernel_siginfo on 64-bit kernels */

/* sr_syscall_record.flags */
enum sr_record_flags {
	SR_F_RESUMED = 1 << 0,      /* exit of a syscall whose SR_REC_SYSCALL_ENTER was sent before:
	                               this record carries only the exit captures */
	SR_F_NO_RETURN = 1 << 1,    /* exit/exit_group/execve-that-never-returned: ret is meaningless */
	SR_F_KILLED = 1 << 2,       /* with SR_F_NO_RETURN: the thread was killed inside the call (a
	                               fatal signal: another thread's exit_group, SIGKILL), so its
	                               return reached no one; strace ends it "<unfinished ...>) = ?" */
};

/* What to capture for one argument: a recipe the loader writes per capture slot per syscall
 * number (map syscall_captures), and the BPF side follows blindly. BPF knows only a few read
 * primitives; every syscall-specific choice (which argument, which length, when) is a named
 * field here, filled from userspace's traits table (userspace/decode/arg_styles.cpp). */
enum sr_read {                  /* the primitive; also sr_capture_header.read: what was read */
	SR_READ_NONE = 0,           /* the slot is unused (in a header: nothing was read) */
	SR_READ_BYTES = 1,          /* `length` bytes at `address`, copied up to `max` */
	SR_READ_STRING = 2,         /* a NUL-terminated string at `address`, up to SR_PATH_MAX */
	SR_READ_ARGV = 3,           /* execve's argv at `address` and how many entries the array
	                               at args[len_arg] (envp) has: see "Exec arguments" below */
	SR_READ_RECORDS = 4,        /* counts the variable-length records in `length` bytes at
	                               `address`, each one's length the __u16 `record_len_off` bytes
	                               into it (getdents64): the count in full_len, nothing copied;
	                               SR_CAPF_CAPPED: more than SR_RECORDS_MAX */
	SR_READ_LAST = SR_READ_RECORDS,
};

enum sr_when {                  /* sr_capture_spec.when */
	SR_AT_ENTER = 0,            /* input objects: paths, buffers and addresses going in */
	SR_AT_EXIT = 1,             /* what the call filled in */
};

enum sr_cond {                  /* sr_capture_spec.cond: at exit, read only when the call... */
	SR_IF_ALWAYS = 0,
	SR_IF_OK = 1,               /* ...returned no error (ret >= 0) */
	SR_IF_POSITIVE = 2,         /* ...returned more than 0 (bytes read) */
	SR_IF_RESTART = 3,          /* ...was interrupted to be restarted (-ERESTARTSYS ..
	                               -ERESTART_RESTARTBLOCK): nanosleep's remaining time */
};

enum sr_address {               /* sr_capture_spec.address: where the object is */
	SR_ADDR_ARG = 0,            /* at args[addr_arg] (NULL: nothing is read) */
	SR_ADDR_FIELD = 1,          /* at the pointer stored addr_off bytes into the struct at
	                               args[addr_arg] (msghdr's msg_name, clone3's parent_tid); a
	                               NULL pointer there reads as 0 bytes */
	SR_ADDR_STACK = 2,          /* at the user stack pointer + addr_off, at enter only
	                               (rt_sigreturn's signal frame) */
};

enum sr_length {                /* sr_capture_spec.length: how many bytes the object has */
	SR_LEN_MAX = 0,             /* `max`: fixed-size objects */
	SR_LEN_ARG = 1,             /* args[len_arg] */
	SR_LEN_FIELD = 2,           /* the int stored len_off bytes into the object at args[len_arg]
	                               (a socklen_t *, msghdr's msg_namelen); negative or unreadable:
	                               nothing is read */
	SR_LEN_RET = 3,             /* the return value */
	SR_LEN_RET_ITEMS = 4,       /* the return value times len_off: an array of len_off-byte
	                               items (epoll_wait's events) */
};

#define SR_SNAPLEN 0            /* sr_capture_spec.max: copy up to -s bytes */

struct sr_capture_spec {
	__u8 read;                  /* enum sr_read */
	__u8 when;                  /* enum sr_when */
	__u8 cond;                  /* enum sr_cond (exit captures) */
	__u8 address;               /* enum sr_address */
	__u8 addr_arg;
	__u8 length;                /* enum sr_length */
	__u8 len_arg;
	__u8 pad;
	__u16 addr_off;             /* SR_ADDR_FIELD, SR_ADDR_STACK: bytes */
	__u16 len_off;              /* SR_LEN_FIELD: bytes; SR_LEN_RET_ITEMS: an item's size */
	__u16 max;                  /* most bytes copied; SR_SNAPLEN: -s. full_len keeps the length */
	__u16 record_len_off;       /* SR_READ_RECORDS */
};

struct sr_syscall_captures {
	struct sr_capture_spec cap[SR_MAX_CAPTURES];
};

/* Exec arguments (SR_READ_ARGV), as strace prints them: the first
 * min(snaplen, SR_ARGV_MAX) elements of argv, each stored as a flag byte (1: the string was cut
 * at min(snaplen, SR_ARGV_STR_MAX - 2) bytes), its bytes and a NUL. SR_CAPF_TRUNCATED: argv has
 * more elements than were stored. full_len: how many entries envp has (SR_CAPF_CAPPED: at least
 * SR_ENVP_COUNT_MAX). The strings are gone once the exec succeeds, so this is read at enter. */

/* sr_capture_header.flags */
enum sr_capture_flags {
	SR_CAPF_TRUNCATED = 1 << 0, /* the object was longer than what was captured */
	SR_CAPF_FAULT = 1 << 1,     /* the user memory could not be read */
	SR_CAPF_CAPPED = 1 << 2,    /* SR_READ_ARGV, SR_READ_RECORDS: counting stopped at its limit */
};

struct sr_capture_header {
	__u16 len;                  /* bytes of data captured */
	__u8 read;                  /* enum sr_read: what was read; SR_READ_NONE: nothing (the
	                               address was NULL, the call failed, ...) */
	__u8 flags;                 /* enum sr_capture_flags */
	__u32 full_len;             /* length of the object in the traced process, when known */
};

/* One record per syscall. Capture i's data follows the data of captures 0 .. i-1.
 * Times are read only where the output shows them: when the trace shows no times (no -t, -T,
 * --json), a completed call's ts_ns and dur_ns are 0. A blocked call's SR_REC_SYSCALL_ENTER
 * always carries the time its thread was switched out, and notices (thread exit, signal) the
 * time they happened. `seq` orders records across CPUs: it is taken from a global counter as
 * the record is committed (at exit, at the switch-out of a blocked call, at the notice). */
struct sr_syscall_record {
	__u32 type;                 /* enum sr_record_type */
	__u32 nr;                   /* syscall number */
	__u64 ts_ns;                /* bpf_ktime_get_ns() at enter (CLOCK_MONOTONIC); see above */
	__u64 dur_ns;               /* exit - enter; 0 in SR_REC_SYSCALL_ENTER */
	__u64 seq;                  /* the stream's order, from one counter shared by all CPUs */
	__u32 pid;                  /* tgid */
	__u32 tid;
	char comm[SR_COMM_LEN];
	__u64 args[6];
	__s64 ret;
	__u32 flags;                /* enum sr_record_flags */
	__u32 stack_id;             /* trace -k: the sr_stack_record taken at its enter; 0: none */
	struct sr_capture_header cap[SR_MAX_CAPTURES];
	__u8 data[];                /* cap[0].len bytes, then cap[1].len, then cap[2].len */
};

/* A ring-buffer sample holds one or more records back to back (a per-CPU batch), each padded
 * to a multiple of 8 bytes: size = SR_RECORD_ALIGN(sizeof(struct sr_syscall_record) +
 * cap[0].len + cap[1].len + cap[2].len). */
#define SR_RECORD_ALIGN(n) (((n) + 7) & ~7ull)
#define SR_BATCH_BYTES (24 * 1024)   /* per-CPU batch; a per-CPU map value must stay < 32 KiB */

/* Each CPU's slot in the `slots` map: SR_SLOT_HEAD_BYTES of bookkeeping, then the batch's
 * SR_BATCH_BYTES. The head starts with a struct sr_batch_state, which userspace reads to collect
 * the records left in the batches at the end of a session; the rest of it is private to
 * syscalls.bpf.c (which asserts the layout). */
#define SR_SLOT_HEAD_BYTES 96

struct sr_batch_state {
	__u32 len;                  /* bytes of complete records in the batch */
	__u32 records;              /* how many */
	__u64 first_jiffies;        /* when the oldest was committed (bpf_jiffies64()) */
	__u64 enter_ts;             /* count mode: enter time of the call in flight */
	__u32 enter_nr;             /* count mode: its syscall number */
	__u32 pad;
};

/* trace -k: the user registers and the top of the user stack of a traced call, at sys_enter,
 * for userspace to unwind (DWARF CFI, frame pointers). Sent to the ring before the call's own
 * record, which names it by stack_id. */
#define SR_STACK_REGS 21            /* the kernel's struct pt_regs on x86_64, in the order of
                                       <sys/user.h>'s user_regs_struct (r15 ... ip cs flags sp ss) */
#define SR_STACK_MAX (64 * 1024)    /* most stack bytes one record carries (--stack-size, a
                                       power of two from 512) */

struct sr_stack_record {
	__u32 type;                 /* SR_REC_USER_STACK */
	__u32 stack_id;             /* from 1, in the order stacks were taken */
	__u32 pid;
	__u32 tid;
	__u32 len;                  /* bytes of stack in data, from the stack pointer up; less than
	                               asked when the stack ends sooner, 0 if unreadable (the
	                               sample may be longer: slack) */
	__u32 pad;
	__u64 regs[SR_STACK_REGS];
	__u8 data[];
};

/* The slots of syscalls.bpf.c's per-CPU `lost_events` counters. */
enum sr_syscall_lost {
	SR_LOST_RECORDS = 0,        /* syscall records and notices (whole batches) */
	SR_LOST_STACKS = 1,         /* trace -k: stacks the ring had no room for */
	SR_LOST_SYSCALL_SLOTS = 2,
};

/* In-kernel per-syscall counters for `sysray count` (per-CPU array indexed by syscall nr). */
struct sr_syscall_stats {
	__u64 calls;
	__u64 errors;
	__u64 total_ns;
	__u64 max_ns;
};

/* `sysray exporter`: calls per (comm, syscall, errno), in a per-CPU hash (`comm_counts`) whose
 * value is one __u64 of calls. err is the errno of a failed call, 0 for a call that succeeded:
 * one key carries both the calls and, for err != 0, the errors by errno. */
struct sr_comm_key {
	char comm[SR_COMM_LEN];
	__u32 nr;
	__u32 err;
};

/* Calls the full `comm_counts` hash had no room for, per syscall (per-CPU array by nr): the
 * exporter shows them under comm "other", so the totals stay exact. */
struct sr_comm_overflow {
	__u64 calls;
	__u64 errors;
};

/* ---- `sysray sockets` (bpf/sockets.bpf.c) ---- */

#define SR_SOCK_PAYLOAD_MAX 4096  /* most payload bytes one record carries (--payload) */

/* What a socket record reports. */
enum sr_socket_event {
	SR_SOCK_SOCKET = 1,         /* socket(): fd is the new socket */
	SR_SOCK_BIND = 2,
	SR_SOCK_LISTEN = 3,
	SR_SOCK_CONNECT = 4,        /* TCP and UDP connect() */
	SR_SOCK_ACCEPT = 5,         /* accept/accept4: fd is the new connection (the listener's on failure) */
	SR_SOCK_SEND = 6,           /* sendto/sendmsg/write on a socket */
	SR_SOCK_RECV = 7,           /* recvfrom/recvmsg/read on a socket */
	SR_SOCK_CLOSE = 8,          /* close() of a socket fd */
	SR_SOCK_EXIT = 9,           /* the last thread of a watched process ended (its sockets are
	                               released): pid, comm and ts_ns only, no socket */
	SR_SOCK_EVENT_LAST = SR_SOCK_EXIT,
};

/* The slots of sockets.bpf.c's per-CPU `lost_events` counters: records the ring had no room for. */
enum sr_socket_lost {
	SR_LOST_SOCKET_EVENTS = 0,  /* shown events (SR_SOCK_SOCKET .. SR_SOCK_CLOSE) */
	SR_LOST_PROCESS_EXITS = 1,  /* SR_SOCK_EXIT: the port table keeps that process's sockets */
	SR_LOST_SOCKET_STACKS = 2,  /* sockets -k: stacks the ring had no room for */
	SR_LOST_SLOTS = 3,
};

/* What a socket is: addresses in network byte order (IPv4 in the first 4 bytes), ports in
 * host order; 0 where unknown. */
struct sr_socket_id {
	__u16 family;               /* AF_INET / AF_INET6 */
	__u16 sock_type;            /* SOCK_STREAM / SOCK_DGRAM / ... */
	__u16 protocol;             /* IPPROTO_TCP / IPPROTO_UDP / ... */
	__u16 lport;
	__u16 rport;
	__u16 pad;
	__u8 laddr[16];
	__u8 raddr[16];
};

/* One record per socket event. */
struct sr_socket_record {
	__u32 type;                 /* SR_REC_SOCKET */
	__u16 event;                /* enum sr_socket_event */
	__u16 nr;                   /* the syscall */
	__u64 ts_ns;                /* bpf_ktime_get_ns() at enter (CLOCK_MONOTONIC) */
	__u64 dur_ns;
	__u32 pid;
	__u32 tid;
	char comm[SR_COMM_LEN];
	__s64 ret;
	__s32 fd;                   /* -1 when unknown */
	__u32 refs;                 /* close: references to the file before the close (> 1: the
	                               socket outlives it, e.g. a call blocked on it in another thread) */
	struct sr_socket_id id;
	__u64 ino;                  /* the socket's inode number: socket:[ino] in /proc/PID/fd */
	__u32 payload_len;          /* bytes of data[] */
	__u32 payload_full;         /* bytes the call moved (payload_len may be less) */
	__u32 stack_id;             /* sockets -k: the sr_stack_record sent just before; 0: none */
	__u32 pad;
	__u8 data[];
};

/* exporter --sockets: the key of the kernel's per-CPU counts of socket events (map
 * `event_counts` of bpf/sockets.bpf.c), instead of one record per event. */
struct sr_socket_count_key {
	char comm[SR_COMM_LEN];
	__u16 event;                /* enum sr_socket_event */
	__u16 sock_type;            /* as in struct sr_socket_id */
	__u16 protocol;
	__u16 err;                  /* the errno of a failed call; 0 */
};

/* A socket syscall in flight, per thread (map `inflight`, key: tid). Userspace reads it to say
 * which thread is blocked on which fd, and since when. */
struct sr_socket_inflight {
	__u64 ts_ns;                /* enter (CLOCK_MONOTONIC) */
	__u32 pid;
	__u32 nr;
	__s32 fd;
	__u32 refs;
	__u64 sock;                 /* struct sock * at enter (kernel address, for matching only) */
	struct sr_socket_id closing; /* close: the socket as it was before the close */
	__u64 ino;
	__u64 args[6];
	__u16 ufamily;              /* a sockaddr the call passed in (bind/connect/sendto/sendmsg) */
	__u16 uport;
	__u32 pad;
	__u8 uaddr[16];
};

/* The layouts both compilers must agree on (clang -target bpf and g++). */
#ifdef __cplusplus
#define SR_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else
#define SR_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif
#define SR_ASSERT_SIZE(type, size) SR_STATIC_ASSERT(sizeof(type) == (size), #type " is " #size " bytes")
#define SR_ASSERT_AT(type, field, off) \
	SR_STATIC_ASSERT(__builtin_offsetof(type, field) == (off), #type "." #field " at " #off)
/* "The first 4 bytes of every record say what follows." */
SR_ASSERT_AT(struct sr_syscall_record, type, 0);
SR_ASSERT_AT(struct sr_socket_record, type, 0);
SR_ASSERT_AT(struct sr_syscall_record, data, 144);
SR_ASSERT_AT(struct sr_socket_record, data, 136);
SR_ASSERT_SIZE(struct sr_syscall_record, 144);
SR_ASSERT_SIZE(struct sr_socket_record, 136);
SR_ASSERT_SIZE(struct sr_capture_spec, 16);
SR_ASSERT_AT(struct sr_stack_record, type, 0);
SR_ASSERT_SIZE(struct sr_stack_record, 192);
SR_ASSERT_SIZE(struct sr_capture_header, 8);
SR_ASSERT_SIZE(struct sr_batch_state, 32);
SR_ASSERT_SIZE(struct sr_syscall_stats, 32);
SR_ASSERT_SIZE(struct sr_comm_key, 24);
SR_ASSERT_SIZE(struct sr_comm_overflow, 16);
SR_ASSERT_SIZE(struct sr_socket_id, 44);
SR_ASSERT_SIZE(struct sr_socket_count_key, 24);
SR_ASSERT_SIZE(struct sr_socket_inflight, 160);
SR_STATIC_ASSERT(SR_BATCH_BYTES + SR_SLOT_HEAD_BYTES < 32 * 1024, "a per-CPU map value must stay < 32 KiB");

#endif
