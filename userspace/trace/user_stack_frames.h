// trace -k: a stack record (the registers and top of the stack of a call, at its enter) turned
// into strace -k's frames: DWARF CFI unwinding and ELF symbols through elfutils' libdwfl, as
// strace and perf do it, with the process's mappings as sysray recorded them (so a process
// that already exited still symbolizes). Go code that has no ELF symbols (stripped) is named
// from its .gopclntab.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "trace/process_mappings.h"
#include "trace/stack_frame.h"
#include "trace/stack_records.h"

namespace sysray {

class UserStackFrames {
 public:
  UserStackFrames(const ProcessMappings& mappings, bool source_lines);
  ~UserStackFrames();
  UserStackFrames(const UserStackFrames&) = delete;
  UserStackFrames& operator=(const UserStackFrames&) = delete;

  // The stack's pcs, innermost first, at most kMaxFrames: done as the stack arrives, so that
  // only the pcs are kept until the call prints.
  UnwoundStack unwind(const StackRecord& stack);
  // Their frames, named.
  std::vector<StackFrame> symbolize(const UnwoundStack& stack);
  std::vector<StackFrame> frames(const StackRecord& stack) { return symbolize(unwind(stack)); }

  static constexpr size_t kMaxFrames = 256;
  // Memory bounds: libdwfl sessions kept (one per process), and named pcs cached per process.
  static constexpr size_t kMaxSessions = 64;
  static constexpr size_t kMaxNamedPcs = 65536;
  // Symbolization cache: hits and misses, for the benchmark.
  uint64_t cache_hits() const { return hits_; }
  uint64_t cache_misses() const { return misses_; }

  struct Process;  // one traced process's libdwfl session (the .cpp's libdwfl callbacks use it)

 private:
  Process& process(uint32_t pid);
  StackFrame frame(Process& p, uint64_t pc, bool first);

  const ProcessMappings& mappings_;
  bool source_lines_;
  std::unordered_map<uint32_t, std::unique_ptr<Process>> processes_;
  uint64_t uses_ = 0;  // session uses, for the least recently used one
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
};

}  // namespace sysray
