# scripts/bench-lib.sh — what the benchmark scripts share; sourced, not run.
# median: the median of the numbers on stdin, one per line ("-" when there are none).
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)]; else print "-" }'; }
# ratio A B: A / B with two decimals ("-" when either is missing or B is 0).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'; }
# host_line: the machine, for a section's header.
host_line() {
	echo "Host: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), kernel $(uname -r)."
}
