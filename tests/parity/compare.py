#!/usr/bin/env python3
"""tests/parity/compare.py — how many of sysray's trace lines are identical to strace's.

Usage: compare.py A B [A2 B2 ...] [--label NAME ...] [--json] [--show N] [--min-percent P]

A is `sysray trace -f -o A` output and B is `strace -f -o B` output of ONE run, sysray tracing
strace tracing the command (`sysray trace -f -o A -- strace -f -o B CMD...`), so both saw the
same calls. Several A B pairs are compared one by one and then summed ("overall"); --label
names them (default: the directory holding A).

Per pair:
  * lines are split by pid (sysray: "[pid N] " on stdout, "N  " in -o files as strace writes
    them; strace: "N  "); only pids present in B count. Both are unpadded.
    Pids only in A (strace itself, its feature-test children) are counted and ignored.
  * per pid, "X <unfinished ...>" and the next "<... X resumed>REST" are joined into one line
    (in both files), so a call split in one tool and whole in the other compares equal.
  * strace's padding before " = " (to column 40) is removed (in B only: sysray must not pad).
  * strace-introduced artefacts are excluded and reported as counts, never silently:
      pre-exec   A's lines of the command's first process before its first execve: strace's
                 forked child setting itself up (kill(SIGSTOP), SIGSTOP, SIGCONT, ...);
                 strace shows that process only from the execve on.
      envp       the command's first execve when A and B differ only in the envp pointer.
      killed-at-entry
                 a pid's last call in B, "NAME(... <unfinished ...>) = ?", that A lacks: the
                 thread was killed (exit_group of another thread) while stopped at strace's
                 syscall-entry stop, so the kernel skipped the call (syscall_trace_enter returns
                 -1 when ptrace_report_syscall_entry sees a fatal signal, before the sys_enter
                 tracepoint): strace shows a call that never ran.
  * per pid the two line lists are aligned in order: lines of the same syscall pair up (when the
    sequences of syscall names differ, difflib.SequenceMatcher aligns the lines by text, then by
    name within each replaced block). Every line ends up identical, differing (a pair of the
    same syscall with different text), only-in-sysray or only-in-strace.
  identical % = identical / (identical + differing + only-in-sysray + only-in-strace).

Prints the overall percentage, per-pair percentages, differing lines per syscall name (most
first), and N example pairs per top differing syscall (--show, default 3). --json prints one
JSON object instead. Exit 0, or 1 when --min-percent P is given and the overall percentage is
below P; 2 on usage or input errors.
"""

import argparse
import difflib
import json
import os
import re
import signal
import sys
from collections import Counter, defaultdict

# sysray's stdout form "[pid N] ", or its -o files' (strace's): "N  ".
SYSRAY_LINE = re.compile(r"^(?:\[pid\s+(\d+)\] |(\d+)\s+)(.*)$")
STRACE_LINE = re.compile(r"^(\d+)\s+(.*)$")
UNFINISHED = " <unfinished ...>"
RESUMED = re.compile(r"^<\.\.\. ([A-Za-z0-9_]+) resumed>(.*)$")
# strace pads "CALL(ARGS)" with spaces to column 40 before " = RESULT". The result never holds
# ")  =", so the last ")" followed by spaces and "= " is the one before the result (an earlier
# one is inside a string argument).
PADDING = re.compile(r"\)( +)= (?!.*\) +=)")
ENVP = re.compile(r", 0x[0-9a-f]+ /\* (\d+) vars? \*/")
NAME = re.compile(r"^([A-Za-z0-9_]+)\(")
SIGNAL = re.compile(r"^--- (SIG[A-Z0-9]+|\{)")
KILLED_AT_ENTRY = re.compile(r"<unfinished \.\.\.>\) = \?$")
EXCLUSIONS = ("pre-exec", "envp", "killed-at-entry")  # always reported, zero or not


def read_lines(path, pattern, tool):
    """pid -> [line without the pid prefix], in file order; plus the lines that did not parse."""
    per_pid = defaultdict(list)
    first_pid = None
    unparsed = []
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            for raw in f:
                raw = raw.rstrip("\n")
                if not raw:
                    continue
                m = pattern.match(raw)
                if not m:
                    unparsed.append(raw)
                    continue
                pid = int(next(g for g in m.groups()[:-1] if g is not None))
                if first_pid is None:
                    first_pid = pid
                per_pid[pid].append(m.groups()[-1])
    except OSError as e:
        print(f"compare: {tool} trace {path}: {e.strerror}", file=sys.stderr)
        sys.exit(2)
    return per_pid, first_pid, unparsed


def join_unfinished(lines):
    """Joins "X <unfinished ...>" with the next "<... X resumed>REST" of the same pid, at the
    position of the unfinished line. Unmatched halves stay as they are."""
    out = []
    pending = None  # index in out of the open unfinished line
    for line in lines:
        m = RESUMED.match(line)
        if m and pending is not None and call_name(out[pending]) == m.group(1):
            out[pending] = out[pending][: -len(UNFINISHED)] + m.group(2)
            pending = None
            continue
        out.append(line)
        if line.endswith(UNFINISHED) and not RESUMED.match(line):
            pending = len(out) - 1
    return out


def unpad(line):
    return PADDING.sub(") = ", line, count=1)


def call_name(line):
    """The syscall name of a line, or the signal/exit kind for the --- and +++ lines."""
    m = NAME.match(line)
    if m:
        return m.group(1)
    m = RESUMED.match(line)
    if m:
        return m.group(1)
    m = SIGNAL.match(line)
    if m:
        return "--- " + m.group(1) if m.group(1) != "{" else "--- signal"
    if line.startswith("+++ "):
        return "+++ exit"  # exited with N or killed by SIG: the same event, the thread's end
    return "?"


class Result:
    def __init__(self, label):
        self.label = label
        self.identical = 0
        self.pairs = []  # (pid, sysray line, strace line)
        self.only_sysray = []  # (pid, line)
        self.only_strace = []
        self.excluded = Counter({k: 0 for k in EXCLUSIONS})  # artefact -> lines
        self.excluded_examples = {}
        self.ignored_pids = {}  # pid -> lines (pids only in A)
        self.unparsed = {"sysray": 0, "strace": 0}
        self.pids = 0

    def total(self):
        return self.identical + len(self.pairs) + len(self.only_sysray) + len(self.only_strace)

    def percent(self):
        t = self.total()
        return 100.0 * self.identical / t if t else 100.0

    def exclude(self, kind, lines):
        if lines:
            self.excluded[kind] += len(lines)
            self.excluded_examples.setdefault(kind, lines[0])

    def add(self, other):
        self.identical += other.identical
        self.pairs += other.pairs
        self.only_sysray += other.only_sysray
        self.only_strace += other.only_strace
        self.excluded.update(other.excluded)
        for k, v in other.excluded_examples.items():
            self.excluded_examples.setdefault(k, v)
        self.ignored_pids.update({(other.label, p): n for p, n in other.ignored_pids.items()})
        for k in self.unparsed:
            self.unparsed[k] += other.unparsed[k]
        self.pids += other.pids


def align(res, pid, a, b):
    """Aligns one pid's sysray lines a with its strace lines b into res: lines of the same call
    (syscall name) pair up in order; a pair is identical or differing; the rest is only in one."""
    # The identical ends are certain. In the middle, the common case is the same calls in the
    # same order (only their text differs): they pair up one to one. Otherwise difflib aligns the
    # lines by text, then by name within each replaced block; on a long middle its junk heuristic
    # is on (without it difflib is quadratic on runs of repeated lines such as close(3) = 0).
    lo = 0
    while lo < len(a) and lo < len(b) and a[lo] == b[lo]:
        lo += 1
    hi_a, hi_b = len(a), len(b)
    while hi_a > lo and hi_b > lo and a[hi_a - 1] == b[hi_b - 1]:
        hi_a, hi_b = hi_a - 1, hi_b - 1
    res.identical += lo + len(a) - hi_a
    ma, mb = a[lo:hi_a], b[lo:hi_b]
    if [call_name(x) for x in ma] == [call_name(x) for x in mb]:
        pair(res, pid, ma, mb)
        return
    long = len(ma) + len(mb) > 4000
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ma, mb, autojunk=long).get_opcodes():
        if op == "equal":
            res.identical += i2 - i1
            continue
        ra, rb = ma[i1:i2], mb[j1:j2]
        names = difflib.SequenceMatcher(None, [call_name(x) for x in ra], [call_name(x) for x in rb],
                                        autojunk=long)
        for op2, k1, k2, l1, l2 in names.get_opcodes():
            if op2 == "equal":
                pair(res, pid, ra[k1:k2], rb[l1:l2])
            else:
                res.only_sysray += [(pid, x) for x in ra[k1:k2]]
                res.only_strace += [(pid, x) for x in rb[l1:l2]]


def pair(res, pid, a, b):
    """Lines of the same calls, paired in order."""
    for x, y in zip(a, b):
        if x == y:
            res.identical += 1
        else:
            res.pairs.append((pid, x, y))


def compare(label, a_path, b_path):
    res = Result(label)
    a_pids, _, a_bad = read_lines(a_path, SYSRAY_LINE, "sysray")
    b_pids, b_first, b_bad = read_lines(b_path, STRACE_LINE, "strace")
    res.unparsed = {"sysray": len(a_bad), "strace": len(b_bad)}
    for pid, lines in a_pids.items():
        if pid not in b_pids:
            res.ignored_pids[pid] = len(lines)
    for pid in sorted(b_pids):
        res.pids += 1
        a = [unpad(x) for x in join_unfinished(a_pids.get(pid, []))]
        b = [unpad(x) for x in join_unfinished(b_pids[pid])]
        if pid == b_first and b and b[0].startswith("execve("):
            first_exec = next((i for i, x in enumerate(a) if x.startswith("execve(")), None)
            if first_exec is not None:
                res.exclude("pre-exec", a[:first_exec])
                a = a[first_exec:]
                if a[0] != b[0] and ENVP.sub(", ENVP", a[0]) == ENVP.sub(", ENVP", b[0]):
                    res.exclude("envp", [a[0]])
                    a, b = a[1:], b[1:]
        before = len(res.only_strace)
        align(res, pid, a, b)
        last = next((x for x in reversed(b) if not x.startswith("+++ ")), None)
        if (last is not None and KILLED_AT_ENTRY.search(last) and len(res.only_strace) > before
                and res.only_strace[-1] == (pid, last)):
            res.only_strace.pop()
            res.exclude("killed-at-entry", [last])
    return res


def by_name(entries, index):
    c = Counter(call_name(e[index]) for e in entries)
    return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))


def report_dict(results, overall, show):
    def one(r):
        return {
            "label": r.label, "percent": round(r.percent(), 2), "compared": r.total(),
            "identical": r.identical, "differing": len(r.pairs),
            "only_sysray": len(r.only_sysray), "only_strace": len(r.only_strace),
            "excluded": dict(r.excluded), "pids": r.pids,
            "ignored_sysray_only_pid_lines": sum(r.ignored_pids.values()),
            "unparsed": r.unparsed,
            "differing_by_syscall": dict(by_name(r.pairs, 2)),
        }
    examples = defaultdict(list)
    for pid, a, b in overall.pairs:
        name = call_name(b)
        if len(examples[name]) < show:
            examples[name].append({"pid": pid, "sysray": a, "strace": b})
    return {
        "overall": one(overall),
        "entries": [one(r) for r in results] if len(results) > 1 else [],
        "differing_by_syscall": [{"name": n, "count": c, "examples": examples[n]}
                                 for n, c in by_name(overall.pairs, 2)],
        "only_sysray_by_syscall": dict(by_name(overall.only_sysray, 1)),
        "only_strace_by_syscall": dict(by_name(overall.only_strace, 1)),
        "excluded_examples": overall.excluded_examples,
    }


def counts_line(r):
    ex = ", ".join(f"{k} {r.excluded[k]}" for k in EXCLUSIONS)
    return (f"{r.percent():6.2f}%  identical {r.identical} / {r.total()}, differing {len(r.pairs)}, "
            f"only-in-sysray {len(r.only_sysray)}, only-in-strace {len(r.only_strace)}; "
            f"excluded artefacts: {ex}")


def print_text(results, overall, show, out=sys.stdout):
    p = lambda *a: print(*a, file=out)  # noqa: E731
    p(f"overall {counts_line(overall)}")
    if len(results) > 1:
        w = max(len(r.label) for r in results)
        for r in results:
            p(f"  {r.label:<{w}} {counts_line(r)}")
    p(f"excluded artefacts (strace's doing, not compared): "
      f"pre-exec = A's lines of the command's first process before its execve; "
      f"envp = its first execve differing only in the envp pointer; "
      f"killed-at-entry = a thread's last call, killed at strace's syscall-entry stop, never ran")
    for k, v in sorted(overall.excluded_examples.items()):
        p(f"  e.g. {k}: {v}")
    ignored = sum(overall.ignored_pids.values())
    p(f"ignored: {ignored} sysray lines of {len(overall.ignored_pids)} pids absent from B "
      f"(strace itself and its feature-test children)")
    if overall.unparsed["sysray"] or overall.unparsed["strace"]:
        p(f"unparsed lines (no pid prefix, not compared): sysray {overall.unparsed['sysray']}, "
          f"strace {overall.unparsed['strace']}")
    p("")
    if len(results) > 1:
        p("differing lines by entry and syscall:")
        for r in results:
            p(f"  {r.label}: " + (", ".join(f"{n} {c}" for n, c in by_name(r.pairs, 2)) or "none"))
    p(f"differing lines by syscall ({len(overall.pairs)}):")
    names = by_name(overall.pairs, 2)
    for n, c in names:
        p(f"  {c:6d}  {n}")
    for kind, idx in (("only-in-sysray", overall.only_sysray), ("only-in-strace", overall.only_strace)):
        p(f"{kind} lines by syscall ({len(idx)}):")
        for n, c in by_name(idx, 1):
            p(f"  {c:6d}  {n}")
    if show > 0 and names:
        p("")
        p(f"examples (up to {show} per differing syscall):")
        for n, _ in names:
            p(f"  {n}:")
            for pid, a, b in [x for x in overall.pairs if call_name(x[2]) == n][:show]:
                p(f"    pid {pid}")
                p(f"      sysray: {a}")
                p(f"      strace: {b}")
        for kind, lst in (("only-in-sysray", overall.only_sysray), ("only-in-strace", overall.only_strace)):
            if lst:
                p(f"  {kind} (first {show}):")
                for pid, line in lst[:show]:
                    p(f"    pid {pid}: {line}")


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `compare.py ... | head` ends quietly
    ap = argparse.ArgumentParser(prog="compare.py", description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+", metavar="A B", help="sysray trace, strace trace (pairs)")
    ap.add_argument("--label", action="append", default=[], help="a name per pair, in order")
    ap.add_argument("--json", action="store_true", help="one JSON object on stdout")
    ap.add_argument("--show", type=int, default=3, metavar="N", help="example pairs per syscall")
    ap.add_argument("--min-percent", type=float, metavar="P",
                    help="exit 1 when the overall identical percentage is below P")
    args = ap.parse_intermixed_args()
    if len(args.files) % 2:
        ap.error("the traces come in pairs: A B [A B ...]")
    pairs = list(zip(args.files[0::2], args.files[1::2]))
    if args.label and len(args.label) != len(pairs):
        ap.error(f"{len(args.label)} --label for {len(pairs)} pairs")
    labels = args.label or [os.path.basename(os.path.dirname(os.path.abspath(a))) or a for a, _ in pairs]
    results = [compare(label, a, b) for label, (a, b) in zip(labels, pairs)]
    overall = Result("overall")
    for r in results:
        overall.add(r)
    if args.json:
        json.dump(report_dict(results, overall, args.show), sys.stdout, indent=1)
        print()
    else:
        print_text(results, overall, args.show)
    if args.min_percent is not None and overall.percent() < args.min_percent:
        print(f"compare: identical {overall.percent():.2f}% is below --min-percent {args.min_percent:g}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
