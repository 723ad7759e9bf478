// SPDX-License-Identifier: GPL-2.0
/* sysray-vm-smoke: what scripts/vmtest.sh --smoke runs in each guest kernel. It proves the VM
 * harness and the guest's tracing features before sysray's own runtime tests exist:
 * the kernel's BTF, the mounts /init makes, loopback networking (UDP v4/v6, TCP), and each BPF
 * attach mechanism sysray may use (kprobe, kretprobe, kprobe.multi, fentry, fexit, tp_btf,
 * raw_tp, tracepoint, ring buffer): load, attach, trigger unlink(2), count the hits.
 * Prints one line per check ("smoke: PASS|FAIL|INFO ..."), exits 1 if a required check failed.
 * kprobe.multi is informational (needs CONFIG_FPROBE, absent from Debian's 6.1): its line says
 * whether the kernel has it. Env SMOKE_REQUIRE="kprobe.multi ..." makes such checks required. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "smoke.h"
#include "smoke.skel.h"

_Static_assert(SYS_unlink == SMOKE_NR, "SMOKE_NR must be __NR_unlink");

#define BPF_FS_MAGIC_ 0xcafe4a11
#define TRIGGERS 5

static int failures;

/* libbpf's messages go to a buffer, shown only when a check fails. */
static char libbpf_log[16384];
static size_t libbpf_log_len;

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	int n;

	if (level == LIBBPF_DEBUG || libbpf_log_len >= sizeof(libbpf_log) - 1)
		return 0;
	n = vsnprintf(libbpf_log + libbpf_log_len, sizeof(libbpf_log) - libbpf_log_len, fmt, ap);
	if (n > 0)
		libbpf_log_len += (size_t)n < sizeof(libbpf_log) - libbpf_log_len ? (size_t)n
			: sizeof(libbpf_log) - libbpf_log_len - 1;
	return 0;
}

static int required(const char *name)
{
	const char *req = getenv("SMOKE_REQUIRE");
	size_t len = strlen(name);

	for (const char *p = req; p && (p = strstr(p, name)); p += len)
		if ((p == req || p[-1] == ' ' || p[-1] == ',') && (p[len] == 0 || p[len] == ' ' || p[len] == ','))
			return 1;
	return 0;
}

static void report(int ok, int req, const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("smoke: %s %-13s ", ok ? "PASS" : req ? "FAIL" : "INFO", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok && req) {
		failures++;
		if (libbpf_log_len)
			printf("%s", libbpf_log);
	}
	fflush(stdout);
}

static void check_file(const char *name, const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0)
		report(1, 1, name, "%s (%lld bytes)", path, (long long)st.st_size);
	else
		report(0, 1, name, "%s: %s", path, strerror(errno));
}

static void check_fs(const char *name, const char *path, long magic)
{
	struct statfs sf;

	if (statfs(path, &sf) != 0)
		report(0, 1, name, "statfs %s: %s", path, strerror(errno));
	else if (sf.f_type != magic)
		report(0, 1, name, "%s is not mounted (f_type 0x%lx)", path, (long)sf.f_type);
	else
		report(1, 1, name, "%s mounted", path);
}

/* One datagram to ourselves over loopback. */
static void check_udp(int family)
{
	const char *name = family == AF_INET ? "udp4-loopback" : "udp6-loopback";
	struct sockaddr_storage ss = {0};
	socklen_t len = family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
	char buf[8] = {0};
	struct timeval tv = {.tv_sec = 2};
	int fd = socket(family, SOCK_DGRAM, 0);

	ss.ss_family = family;
	if (family == AF_INET)
		((struct sockaddr_in *)&ss)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	else
		((struct sockaddr_in6 *)&ss)->sin6_addr = in6addr_loopback;
	if (fd < 0 || bind(fd, (struct sockaddr *)&ss, len) || getsockname(fd, (struct sockaddr *)&ss, &len) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    sendto(fd, "ping", 4, 0, (struct sockaddr *)&ss, len) != 4 || recv(fd, buf, sizeof(buf), 0) != 4 ||
	    memcmp(buf, "ping", 4))
		report(0, 1, name, "%s", strerror(errno));
	else
		report(1, 1, name, "sendto/recv on port %u", ntohs(((struct sockaddr_in *)&ss)->sin_port));
	if (fd >= 0)
		close(fd);
}

static void check_tcp(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM, 0), c = socket(AF_INET, SOCK_STREAM, 0), s = -1;
	char buf[4];

	if (l < 0 || c < 0 || bind(l, (struct sockaddr *)&a, len) || listen(l, 1) ||
	    getsockname(l, (struct sockaddr *)&a, &len) || connect(c, (struct sockaddr *)&a, len) ||
	    (s = accept(l, NULL, NULL)) < 0 || write(c, "pong", 4) != 4 || read(s, buf, 4) != 4)
		report(0, 1, "tcp4-loopback", "%s", strerror(errno));
	else
		report(1, 1, "tcp4-loopback", "connect/accept/write/read on port %u", ntohs(a.sin_port));
	for (int fd, i = 0; i < 3; i++)
		if ((fd = (int[]){l, c, s}[i]) >= 0)
			close(fd);
}

static int ringbuf_cb(void *ctx, void *data, size_t size)
{
	if (size == sizeof(__u64) && *(__u64 *)data == SMOKE_NR)
		++*(int *)ctx;
	return 0;
}

struct mech {
	const char *name;
	enum smoke_mech m;
	int required;
	struct bpf_program *(*prog)(struct smoke_bpf *);
};

#define PROG(p) static struct bpf_program *p##_of(struct smoke_bpf *s) { return s->progs.p; }
PROG(on_kprobe) PROG(on_kretprobe) PROG(on_kprobe_multi) PROG(on_fentry) PROG(on_fexit)
PROG(on_tp_btf) PROG(on_raw_tp) PROG(on_tracepoint) PROG(on_ringbuf)

static void check_mech(const struct mech *mc)
{
	struct smoke_bpf *skel;
	struct bpf_link *link = NULL;
	struct ring_buffer *rb = NULL;
	int req = mc->required || required(mc->name), err, events = 0;
	__u64 hits;

	libbpf_log_len = 0;
	libbpf_log[0] = 0;
	skel = smoke_bpf__open();
	if (!skel) {
		report(0, req, mc->name, "open: %s", strerror(errno));
		return;
	}
	skel->rodata->target_tgid = getpid();
	bpf_program__set_autoload(mc->prog(skel), true);
	err = smoke_bpf__load(skel);
	if (err) {
		report(0, req, mc->name, "load: %s", strerror(-err));
		goto out;
	}
	link = bpf_program__attach(mc->prog(skel));
	if (!link) {
		err = -errno;
		report(0, req, mc->name, "attach: %s", strerror(-err));
		goto out;
	}
	if (mc->m == M_RINGBUF) {
		rb = ring_buffer__new(bpf_map__fd(skel->maps.ring), ringbuf_cb, &events, NULL);
		if (!rb) {
			report(0, req, mc->name, "ring_buffer__new: %s", strerror(errno));
			goto out;
		}
	}
	for (int i = 0; i < TRIGGERS; i++)
		syscall(SYS_unlink, "/nonexistent-sysray-vm-smoke");
	if (rb) {
		ring_buffer__poll(rb, 1000);
		report(events == TRIGGERS, req, mc->name, "%d/%d records", events, TRIGGERS);
	} else {
		hits = __atomic_load_n(&skel->bss->hits[mc->m], __ATOMIC_RELAXED);
		report(hits == TRIGGERS, req, mc->name, "%llu/%d hits", (unsigned long long)hits, TRIGGERS);
	}
out:
	ring_buffer__free(rb);
	bpf_link__destroy(link);
	smoke_bpf__destroy(skel);
}

int main(void)
{
	static const struct mech mechs[] = {
		{"kprobe", M_KPROBE, 1, on_kprobe_of},
		{"kretprobe", M_KRETPROBE, 1, on_kretprobe_of},
		{"kprobe.multi", M_KPROBE_MULTI, 0, on_kprobe_multi_of},
		{"fentry", M_FENTRY, 1, on_fentry_of},
		{"fexit", M_FEXIT, 1, on_fexit_of},
		{"tp_btf", M_TP_BTF, 1, on_tp_btf_of},
		{"raw_tp", M_RAW_TP, 1, on_raw_tp_of},
		{"tracepoint", M_TRACEPOINT, 1, on_tracepoint_of},
		{"ringbuf", M_RINGBUF, 1, on_ringbuf_of},
	};
	struct utsname u;

	setvbuf(stdout, NULL, _IOLBF, 0);
	libbpf_set_print(libbpf_print);
	uname(&u);
	printf("smoke: kernel %s %s\n", u.release, u.version);

	check_file("btf", "/sys/kernel/btf/vmlinux");
	check_fs("tracefs", "/sys/kernel/tracing", 0x74726163 /* TRACEFS_MAGIC */);
	check_fs("debugfs", "/sys/kernel/debug", 0x64626720 /* DEBUGFS_MAGIC */);
	check_fs("bpffs", "/sys/fs/bpf", BPF_FS_MAGIC_);
	check_file("syscall-events", "/sys/kernel/tracing/events/syscalls/sys_enter_unlink/id");
	check_udp(AF_INET);
	check_udp(AF_INET6);
	check_tcp();
	for (size_t i = 0; i < sizeof(mechs) / sizeof(mechs[0]); i++)
		check_mech(&mechs[i]);

	printf("smoke: %d required check(s) failed\n", failures);
	return failures ? 1 : 0;
}
