// Turns a SyscallEvent's raw registers and captures into printable arguments, once per event,
// for both the text and the JSON formats. Built once from the syscall table: the per-syscall work
// (signature analysis, names) is done up front and indexed by syscall number.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "decode/sockaddr.h"
#include "decode/syscall_semantics.h"
#include "decode/syscall_table.h"
#include "trace/syscall_event.h"

namespace sysray::decode {

struct DecodedArg {
  // Array: execve's argv, `items` are its strings. Struct: `items` are named fields (linger,
  // clone3's clone_args, execve's envp as address + count), for JSON objects; `text` is
  // strace's rendering of the whole.
  enum class Kind { Int, Unsigned, Hex, Pointer, String, Buffer, Sockaddr, Symbol, Array, Struct };
  Kind kind = Kind::Hex;
  const char* name = nullptr;  // a named argument (clone's "flags=..."; `text` includes the
                               // "name="), or a Struct field's name
  int64_t value = 0;       // the register (Unsigned: its bits; Int: sign-extended as typed)
  std::string text;        // strace's rendering: 3, "/etc/passwd", O_RDONLY, {sa_family=...}
  std::string fd_path;     // trace -y: what the descriptor refers to, printed "3</etc/passwd>";
                           // set by FdPaths after decoding, "" otherwise
  std::string bytes;       // String/Buffer: the captured bytes (a path without its NUL)
  bool truncated = false;  // String/Buffer: the object was longer than `bytes`
  bool at_exit = false;    // known only once the call returned (read's buffer): strace prints
                           // it after "<... resumed>", not before "<unfinished ...>"
  bool joined = false;     // the exit half of the argument before it, printed right after it
                           // with no ", " (clone3's " => {parent_tid=[N]}", possibly ""); not
                           // an argument of its own in JSON
  std::optional<SockaddrInfo> sockaddr;  // Sockaddr
  std::vector<DecodedArg> items;         // Array, Struct
};

class ArgDecoder {
 public:
  explicit ArgDecoder(const SyscallTable& table);

  // Fills `out` with the arguments strace would print. `out` is reused across calls: its
  // strings keep their capacity, so steady-state decoding rarely allocates.
  void decode(const SyscallEvent& ev, std::vector<DecodedArg>& out) const;

  // "bind"; "syscall_NNN" for a number the table does not know.
  std::string_view name(uint32_t nr) const;
  const SyscallSemantics& semantics(uint32_t nr) const;

 private:
  std::vector<SyscallSemantics> semantics_;  // indexed by nr, SR_MAX_SYSCALLS entries
  std::vector<std::string> names_;
};

}  // namespace sysray::decode
