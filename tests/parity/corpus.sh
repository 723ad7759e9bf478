# tests/parity/corpus.sh — the strace-parity corpus: everyday programs, each well under 2 s.
# Sourced by scripts/parity.sh (bash); defines:
#   CORPUS                     the entry names, in the order they run
#   corpus_cmd NAME SCRATCH BIN   sets the array CMD to the entry's command line; SCRATCH is an
#                              empty directory the entry may write into (also its working
#                              directory), BIN holds the corpus programs scripts/parity.sh built
#                              (paritygo from tests/parity/go, threads_epoll from
#                              tests/parity/threads_epoll.cpp)
#   corpus_prepare NAME SCRATCH   puts the entry's input files in SCRATCH, untraced
# Every run of an entry starts from the same state (a fresh SCRATCH), so two runs trace the same
# calls. Python is /usr/bin/python3 by full path: a python3 found first in PATH may be a wrapper
# script (pyenv's shim) that would trace a shell instead of the interpreter.
# shellcheck shell=bash disable=SC2034  # CORPUS and CMD are for scripts/parity.sh, which sources this

CORPUS=(ls cp find stat du tar gzip gunzip python3 perl pipeline go threads-epoll)

# The python3 entry: reads files, lists and walks a directory, hashes, writes JSON.
PARITY_PY='import hashlib, json, os
with open("/etc/passwd") as f:
    users = [l.split(":")[0] for l in f]
with open("/etc/services", "rb") as f:
    digest = hashlib.sha256(f.read()).hexdigest()
docs = sorted(os.listdir("/usr/share/doc"))
sizes = sum(os.stat(os.path.join(r, n)).st_size for r, _, ns in os.walk("/usr/share/doc/python3") for n in ns)
with open("out.json", "w") as f:
    json.dump({"users": users, "sha256": digest, "docs": len(docs), "sizes": sizes}, f)
print(len(users), digest[:12], len(docs), sizes)'

# The perl entry: reads a file line by line, lists a directory, stats, writes a file.
# shellcheck disable=SC2016  # perl's $, not the shell's
PARITY_PL='open(my $f, "<", "/etc/passwd") or die "passwd: $!";
my @users = map { (split /:/)[0] } <$f>;
close $f;
opendir(my $d, "/usr/share/doc") or die "doc: $!";
my @docs = sort grep { !/^\./ } readdir $d;
closedir $d;
my @st = stat "/etc/services" or die "services: $!";
open(my $o, ">", "out.txt") or die "out: $!";
print $o join("\n", @users), "\n";
close $o;
printf "%d users, %d docs, services %d bytes\n", scalar @users, scalar @docs, $st[7];'

corpus_cmd() {
	local name=$1 scratch=$2 bin=$3
	case $name in
	ls) CMD=(ls -la /usr/bin) ;;
	cp) CMD=(cp -r /usr/share/doc/bash "$scratch/bash-doc") ;;
	find) CMD=(find /usr/share/doc -name '*.gz') ;;
	stat) CMD=(stat /etc/passwd /usr/bin /dev/null /proc/self) ;;
	du) CMD=(du -sh /usr/share/doc) ;;
	tar) CMD=(tar czf "$scratch/doc.tgz" -C /usr/share/doc bash coreutils perl) ;;
	gzip) CMD=(gzip -9 "$scratch/services") ;;
	gunzip) CMD=(gunzip "$scratch/services.gz") ;; # a shell script that execs gzip -d
	python3) CMD=(/usr/bin/python3 -c "$PARITY_PY") ;;
	perl) CMD=(perl -e "$PARITY_PL") ;;
	pipeline) CMD=(sh -c 'cat /etc/passwd | sort | uniq | wc -l') ;;
	go) CMD=("$bin/paritygo" "$scratch") ;;
	threads-epoll) CMD=("$bin/threads_epoll") ;;
	*) return 1 ;;
	esac
}

corpus_prepare() {
	local name=$1 scratch=$2
	case $name in
	gzip) cp /etc/services "$scratch/services" ;;
	gunzip) gzip -c /etc/services >"$scratch/services.gz" ;;
	*) ;;
	esac
}
