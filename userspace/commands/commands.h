// The sysray subcommands. Each returns the process exit status; UserError escapes to main().
#pragma once
#include <string>
#include <vector>

#include "cli/target_options.h"
#include "commands/function_options.h"

namespace sysray {

struct TraceOptions {
  TargetOptions targets;
  bool only_failed = false;   // --failed / -Z
  bool only_succeeded = false;  // -z / --successful-only
  std::string snaplen = "32"; // -s, validated by run_trace
  bool durations = false;     // -T
  int timestamps = 0;         // -t (1) / -tt (2)
  std::string output;         // -o
  bool json = false;
  std::string buffer_size = "16M";  // --buffer-size: the ring buffer, validated by run_trace
  std::string quiet;          // --quiet LIST, validated by run_trace
  int stack_traces = 0;       // -k: each call's user stack; -kk: with source lines
  std::string stack_size = "8K";  // --stack-size: stack bytes copied per call, validated by run_trace
  int align_column = -1;      // -a: the column of "= "; -1: 40 in -o files, none on stdout
  int decode_fds = 0;         // -y: descriptors' paths; -yy: sockets' endpoints too
  std::string xlat = "abbrev";  // -X raw|abbrev|verbose, validated by run_trace
  std::vector<std::string> paths;  // -P: only calls touching these paths
};

struct CountOptions {
  TargetOptions targets;
  double duration_s = 0;      // -d
  double interval_s = 0;      // -i
  std::string output;         // -o
  bool json = false;
  bool latency = false;       // --latency: a log2 histogram of durations per syscall
};

struct FunccountOptions : FunctionCommandOptions {
  bool stacks = false;  // --stacks: each kernel stack that reached each function, with its hits
  bool folded = false;  // --folded: those stacks as folded lines per comm (implies --stacks)
  bool user = false;    // --user: and the user stack of each hit (implies --stacks)
  std::string stack_size = "8K";  // --stack-size: user stack bytes copied per hit with --user
};

struct SocketsOptions {
  TargetOptions targets;      // -p, -f, --backend (auto|fentry|kprobe|syscalls), command
  std::string port;           // --port, validated by run_sockets
  std::string proto;          // --proto tcp|udp
  std::string payload = "0";  // --payload N: bytes of data per send/recv (0: none)
  std::string buffer_size = "16M";  // --buffer-size: the ring buffer, validated by run_sockets
  int stack_traces = 0;       // -k: the user stack of each event; -kk: with source lines
  std::string stack_size = "8K";  // --stack-size: stack bytes copied per event
  double duration_s = 0;      // -d
  std::string output;         // -o
  bool json = false;
};

struct FeaturesOptions {
  bool json = false;
};

struct InflightOptions {
  std::string pids;           // -p PID[,PID...]
  bool json = false;
  double interval_s = 0;      // -i: a snapshot every SEC seconds
  double duration_s = 0;      // -d: with -i, stop after SEC seconds
  std::string min_wait;       // --min-wait DURATION, validated by run_inflight
  std::string snaplen = "32"; // -s
  std::string stack_size = "8K";  // --stack-size: user stack bytes read per thread
  int source_lines = 0;       // -k: nothing more (stacks are always shown); -kk: FILE:LINE
  std::string output;         // -o
};

int run_trace(TraceOptions& opts);
int run_features(const FeaturesOptions& opts);
int run_funccount(FunccountOptions& opts);
int run_count(CountOptions& opts);
int run_sockets(SocketsOptions& opts);
int run_inflight(InflightOptions& opts);

}  // namespace sysray
