/* `sysray capture`: the records bpf/capture_fd.bpf.c sends and userspace reassembles
 * (userspace/capture/). Fixed-width types only: shared by BPF and C++. */
#pragma once
#ifndef __BPF__  /* vmlinux.h provides __u8.. __u64 */
#include <linux/types.h>
#endif

#define SR_CAPTURE_CHUNK 16384   /* data bytes per ring record: a larger write is several records */
#define SR_CAPTURE_FD_LIMIT 1024 /* --fd takes fds 0..1023 (a bitmap in the BPF rodata) */

/* One piece of one captured write: bytes [offset, offset + len) of the `total` bytes the
 * syscall returned. The pieces of a write are sent in order, from one program run. */
struct sr_capture_chunk {
	__u64 seq;      /* the write's number, in the order the writes returned (all fds, all targets) */
	__u64 total;    /* bytes the write returned */
	__u64 offset;   /* of this piece within the write */
	__u32 len;      /* data bytes that follow */
	__u32 pid;
	__u32 tid;
	__u32 fd;
	__u32 nr;       /* the syscall */
	__u32 pad;
	__u8 data[];
};

/* Why the rest of a write is missing. */
enum sr_capture_loss {
	SR_CAPTURE_RING_FULL = 1,  /* the ring had no room: raise --buffer-size */
	SR_CAPTURE_FAULT = 2,      /* the user buffer (or iovec) could not be read at sys_exit */
};

/* In the `lost_writes` map, keyed by seq: bytes [offset, total) of that write are missing. */
struct sr_capture_lost {
	__u64 total;
	__u64 offset;
	__u32 pid;
	__u32 tid;
	__u32 fd;
	__u32 reason;   /* enum sr_capture_loss */
};

/* lost_events slots: losses not even `lost_writes` could record (it was full). */
enum sr_capture_lost_slot {
	SR_CAPTURE_LOST_UNRECORDED = 0,
	SR_CAPTURE_LOST_SLOTS = 1,
};
