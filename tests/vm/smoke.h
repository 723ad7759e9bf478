/* Shared by smoke.bpf.c and smoke.c: one hit counter per attach mechanism. */
#ifndef SYSRAY_VM_SMOKE_H
#define SYSRAY_VM_SMOKE_H

/* The trigger: unlink(2) of a file that does not exist. Kernel-function probes attach to
 * do_unlinkat, a plain global function (fentry needs the function in the kernel's BTF, which
 * the __x64_sys_* wrappers are not on Debian's 6.1 and 6.12); syscall probes filter on the
 * number. All programs count only this process. */
#define SMOKE_FUNC "do_unlinkat"
#define SMOKE_NR 87 /* __NR_unlink on x86_64; smoke.c checks it against <sys/syscall.h> */

enum smoke_mech {
	M_KPROBE,
	M_KRETPROBE,
	M_KPROBE_MULTI,
	M_FENTRY,
	M_FEXIT,
	M_TP_BTF,
	M_RAW_TP,
	M_TRACEPOINT,
	M_RINGBUF,
	M_MAX,
};

#endif
