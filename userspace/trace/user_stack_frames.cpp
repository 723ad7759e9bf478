#include "trace/user_stack_frames.h"

#include <cxxabi.h>
#include <dwarf.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>

#include <algorithm>
#include <set>
#include <string_view>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "stacks/go_pclntab.h"

namespace sysray {

namespace {

// Symbols and CFI come from the mapped files themselves, not from separate debug files
// (/usr/lib/debug): strace -k does the same, and its frames are the reference. With libc6-dbg,
// the detached symbols would name glibc's internal functions differently from strace.
int no_separate_debuginfo(Dwfl_Module*, void**, const char*, Dwarf_Addr, const char*, const char*,
                          GElf_Word, char**) {
  return -1;
}

const Dwfl_Callbacks kDwflCallbacks = {
    .find_elf = dwfl_linux_proc_find_elf,
    .find_debuginfo = no_separate_debuginfo,
    .section_address = dwfl_offline_section_address,
    .debuginfo_path = nullptr,
};

std::string demangle(const char* name) {
  if (std::strncmp(name, "_Z", 2) != 0) return name;
  int status = 0;
  char* out = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  std::string result = status == 0 && out ? out : name;
  std::free(out);
  return result;
}

bool has_section(Elf* elf, GElf_Word type) {
  for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr shdr;
    if (gelf_getshdr(scn, &shdr) && shdr.sh_type == type) return true;
  }
  return false;
}

constexpr const char kDeleted[] = " (deleted)";
constexpr int kMaxUnwindPasses = 8;

}  // namespace

// A module's function symbols by address. A pc is named after the nearest function symbol at or
// before it, whatever that symbol's size says: that is how strace -k (libunwind) names frames,
// so that a local function of a library without .symtab (glibc's msort_with_tmp) shows as the
// exported one before it, exactly as strace shows it.
struct FunctionSymbol {
  uint64_t addr;
  std::string name;
};

struct FunctionSymbols {
  std::vector<FunctionSymbol> by_addr;
  // Only .dynsym (a stripped object): its few exported names would stand for every function,
  // so a Go binary's .gopclntab names its code instead (cgo binaries export crosscall2 & co).
  bool dynamic_only = false;

  explicit FunctionSymbols(Dwfl_Module* mod) {
    Dwarf_Addr bias = 0;
    Elf* elf = dwfl_module_getelf(mod, &bias);
    dynamic_only = elf && !has_section(elf, SHT_SYMTAB);
    int n = dwfl_module_getsymtab(mod);
    for (int i = 1; i < n; ++i) {
      GElf_Sym sym;
      GElf_Addr addr = 0;
      const char* name = dwfl_module_getsym_info(mod, i, &sym, &addr, nullptr, nullptr, nullptr);
      if (name && *name && GELF_ST_TYPE(sym.st_info) == STT_FUNC && sym.st_shndx != SHN_UNDEF && addr)
        by_addr.push_back({addr, name});
    }
    std::stable_sort(by_addr.begin(), by_addr.end(),
                     [](const FunctionSymbol& a, const FunctionSymbol& b) { return a.addr < b.addr; });
  }

  // Of aliases (several names at one address), the first in the symbol table, as libunwind
  // keeps the first it meets: strace shows fgets, not _IO_fgets.
  const FunctionSymbol* nearest(uint64_t addr) const {
    auto it = std::upper_bound(by_addr.begin(), by_addr.end(), addr,
                               [](uint64_t a, const FunctionSymbol& s) { return a < s.addr; });
    if (it == by_addr.begin()) return nullptr;
    uint64_t at = std::prev(it)->addr;
    return &*std::lower_bound(by_addr.begin(), it, at,
                              [](const FunctionSymbol& s, uint64_t a) { return s.addr < a; });
  }
};

// One traced process: its libdwfl session (modules reported as their addresses show up) and
// what its addresses were found to be.
struct UserStackFrames::Process {
  uint32_t pid = 0;
  uint32_t image = 0;  // ProcessMappings::image when this session started
  uint64_t last_used = 0;  // UserStackFrames::uses_ when it last unwound or named a stack
  Dwfl* dwfl = nullptr;
  bool attached = false;
  size_t modules_reported = 0;  // by module_of(), for unwind()'s passes
  const ProcessMappings* mappings = nullptr;
  const StackRecord* current = nullptr;  // the stack being unwound
  std::vector<std::pair<uint64_t, bool>> pcs;  // (pc, is the first frame) as unwound
  std::unordered_map<uint64_t, StackFrame> symbols;  // by pc
  std::unordered_map<std::string, std::optional<stacks::GoPclntab>> go;  // by object
  std::unordered_map<Dwfl_Module*, std::unique_ptr<FunctionSymbols>> functions;
  std::unordered_map<Dwfl_Module*, const stacks::GoPclntab*> go_of_module;  // null: not Go
  std::unordered_map<uint64_t, bool> go_stack_ends;  // ends_go_stack's verdicts, by pc

  // The .gopclntab of `object`, read once; null for objects that are not Go.
  const stacks::GoPclntab* go_table(const std::string& object) {
    auto [it, fresh] = go.try_emplace(object);
    if (fresh) it->second = stacks::GoPclntab::load(object);
    return it->second ? &*it->second : nullptr;
  }

  // Is `pc` (a module's address) in a Go function whose caller is on another stack? Go's own
  // traceback stops at these: above asmcgocall and systemstack is the goroutine's stack (the
  // words libdwfl would read there are the system stack's, e.g. a stale runtime.park_m), and
  // goexit, mstart, rt0_go... have no caller at all.
  bool ends_go_stack(Dwfl_Module* mod, uint64_t pc) {
    // Cached per pc: unwinding runs for every stack, and a Go lookup reads the function's name.
    auto known = go_stack_ends.find(pc);
    if (known != go_stack_ends.end()) return known->second;
    if (go_stack_ends.size() >= kMaxNamedPcs) go_stack_ends.clear();
    return go_stack_ends[pc] = go_function_ends_stack(mod, pc);
  }

  bool go_function_ends_stack(Dwfl_Module* mod, uint64_t pc) {
    auto [it, fresh] = go_of_module.try_emplace(mod, nullptr);
    if (fresh) {
      const char* name = dwfl_module_info(mod, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr);
      it->second = name ? go_table(name) : nullptr;
    }
    if (!it->second) return false;
    Dwarf_Addr bias = 0;
    if (!dwfl_module_getelf(mod, &bias)) return false;
    auto fn = it->second->lookup(pc - bias);
    static const std::set<std::string_view> kEnds = {
        "runtime.asmcgocall", "runtime.asmcgocall_no_g", "runtime.systemstack", "runtime.mcall",
        "runtime.morestack", "runtime.goexit", "runtime.mstart", "runtime.mstart0", "runtime.rt0_go"};
    return fn && kEnds.count(fn->name);
  }

  const FunctionSymbols& functions_of(Dwfl_Module* mod) {
    auto& slot = functions[mod];
    if (!slot) slot = std::make_unique<FunctionSymbols>(mod);
    return *slot;
  }

  ~Process() {
    if (dwfl) dwfl_end(dwfl);
  }

  // The module holding `pc`, reported to libdwfl the first time (as perf does).
  Dwfl_Module* module_of(uint64_t pc) {
    if (Dwfl_Module* m = dwfl_addrmodule(dwfl, pc)) return m;
    const Mapping* map = mappings->find(pid, pc);
    if (!map || map->path.empty() || map->path[0] != '/') return nullptr;  // [vdso], anonymous
    std::string file = map->path;
    if (file.ends_with(kDeleted))  // the file is gone: read it through the live process
      file = fmt::format("/proc/{}/map_files/{:x}-{:x}", pid, map->start, map->end);
    dwfl_report_begin_add(dwfl);
    Dwfl_Module* m = dwfl_report_elf(dwfl, map->path.c_str(), file.c_str(), -1, map->start - map->pgoff,
                                     false);
    dwfl_report_end(dwfl, nullptr, nullptr);
    if (m) ++modules_reported;
    return m;
  }
};

namespace {

pid_t next_thread(Dwfl*, void* arg, void** thread_arg) {
  if (*thread_arg) return 0;
  *thread_arg = arg;
  return static_cast<pid_t>(static_cast<UserStackFrames::Process*>(arg)->current->tid);
}

// Reads the copied stack; anything else is unknown and ends the unwinding there.
bool memory_read(Dwfl*, Dwarf_Addr addr, Dwarf_Word* result, void* arg) {
  const StackRecord& s = *static_cast<UserStackFrames::Process*>(arg)->current;
  uint64_t sp = s.regs[kDwarfSp];
  if (addr < sp || addr - sp + sizeof(*result) > s.stack.size()) return false;
  std::memcpy(result, s.stack.data() + (addr - sp), sizeof(*result));
  return true;
}

bool initial_registers(Dwfl_Thread* thread, void* arg) {
  const StackRecord& s = *static_cast<UserStackFrames::Process*>(arg)->current;
  Dwarf_Word regs[kDwarfRegs];
  for (size_t i = 0; i < kDwarfRegs; ++i) regs[i] = s.regs[i];
  return dwfl_thread_state_registers(thread, 0, kDwarfRegs, regs);
}

const Dwfl_Thread_Callbacks kThreadCallbacks = {
    .next_thread = next_thread,
    .get_thread = nullptr,
    .memory_read = memory_read,
    .set_initial_registers = initial_registers,
    .detach = nullptr,
    .thread_detach = nullptr,
};

// Without CFI (a stripped Go binary) libdwfl walks frame pointers, which skip the caller of a
// frameless assembly leaf (Go's Syscall6): that caller's return address is still at the stack
// pointer. Go's .gopclntab says whether the first function has a frame there.
void add_frameless_leaf_caller(UserStackFrames::Process& p, const StackRecord& stack,
                               std::vector<std::pair<uint64_t, bool>>& pcs) {
  uint64_t ip = stack.regs[kDwarfIp];
  uint64_t at_sp = 0;
  if (pcs.empty() || stack.stack.size() < sizeof(at_sp)) return;
  std::memcpy(&at_sp, stack.stack.data(), sizeof(at_sp));
  if (pcs.size() > 1 && pcs[1].first == at_sp) return;
  const Mapping* map = p.mappings->find(p.pid, ip);
  Dwfl_Module* mod = p.module_of(ip);
  Dwarf_Addr bias = 0;
  if (!map || !mod || !dwfl_module_getelf(mod, &bias)) return;
  const stacks::GoPclntab* go = p.go_table(map->path);
  auto frame = go ? go->frame_size(ip - bias) : std::nullopt;
  if (frame && *frame == 0 && go->lookup(at_sp - 1 - bias))
    pcs.insert(pcs.begin() + 1, {at_sp, false});
}

int on_frame(Dwfl_Frame* state, void* arg) {
  auto* p = static_cast<UserStackFrames::Process*>(arg);
  Dwarf_Addr pc = 0;
  bool activation = false;
  if (!dwfl_frame_pc(state, &pc, &activation) || pc == 0) return DWARF_CB_ABORT;
  // A return address outside every executable mapping is not one: the step past the
  // outermost frame (Go's rt0_go, or asmcgocall's switch to the system stack) read a word that
  // is not. The stack ends there, as strace's (libunwind) does, rather than with a bogus frame.
  if (!p->pcs.empty() && !p->mappings->find(p->pid, activation ? pc : pc - 1))
    return DWARF_CB_ABORT;
  p->pcs.emplace_back(pc, activation);
  // The next step needs this frame's CFI: its module must be known. A return address is
  // looked up at the call before it.
  uint64_t at = activation ? pc : pc - 1;
  Dwfl_Module* mod = p->module_of(at);
  if (mod && p->ends_go_stack(mod, at)) return DWARF_CB_ABORT;
  return p->pcs.size() < UserStackFrames::kMaxFrames ? DWARF_CB_OK : DWARF_CB_ABORT;
}

}  // namespace

UserStackFrames::UserStackFrames(const ProcessMappings& mappings, bool source_lines)
    : mappings_(mappings), source_lines_(source_lines) {}

UserStackFrames::~UserStackFrames() = default;

UserStackFrames::Process& UserStackFrames::process(uint32_t pid) {
  // A long `trace -k -f` meets many short processes: past kMaxSessions, the session used
  // longest ago goes (a later stack of its process only opens a new one).
  if (!processes_.count(pid) && processes_.size() >= kMaxSessions)
    processes_.erase(std::min_element(processes_.begin(), processes_.end(), [](auto& a, auto& b) {
      return a.second->last_used < b.second->last_used;
    }));
  auto& slot = processes_[pid];
  if (!slot || slot->image != mappings_.image(pid)) {  // new, or another program since
    slot = std::make_unique<Process>();
    slot->pid = pid;
    slot->image = mappings_.image(pid);
    slot->mappings = &mappings_;
    slot->dwfl = dwfl_begin(&kDwflCallbacks);
  }
  slot->last_used = ++uses_;
  return *slot;
}

UnwoundStack UserStackFrames::unwind(const StackRecord& stack) {
  Process& p = process(stack.pid);
  UnwoundStack out;
  out.pid = stack.pid;
  if (!p.dwfl) return out;
  p.current = &stack;
  p.pcs.clear();
  uint64_t ip = stack.regs[kDwarfIp];
  // libdwfl learns the machine from a module: the first frame's must be known to attach.
  if (!p.attached && p.module_of(ip))
    p.attached = dwfl_attach_state(p.dwfl, nullptr, static_cast<pid_t>(stack.pid), &kThreadCallbacks, &p);
  // A module reported from on_frame is not used for the step out of that same frame (the
  // first stack through a library dlopen'ed or an executable not seen before went astray
  // there, e.g. "unexpected_backtracing_error [0x2d]" under a plugin's frame): when a pass
  // reported new modules, unwind again with them known. Each pass knows at least one more.
  for (int pass = 0; p.attached && pass < kMaxUnwindPasses; ++pass) {
    size_t known = p.modules_reported;
    p.pcs.clear();
    dwfl_getthread_frames(p.dwfl, static_cast<pid_t>(stack.tid), on_frame, &p);
    if (p.modules_reported == known) break;
  }
  if (p.pcs.empty()) p.pcs.emplace_back(ip, true);
  add_frameless_leaf_caller(p, stack, p.pcs);
  for (auto [pc, activation] : p.pcs) out.pcs.push_back(pc);
  p.current = nullptr;
  return out;
}

std::vector<StackFrame> UserStackFrames::symbolize(const UnwoundStack& stack) {
  Process& p = process(stack.pid);
  std::vector<StackFrame> out;
  for (size_t i = 0; i < stack.pcs.size(); ++i) out.push_back(frame(p, stack.pcs[i], i == 0));
  return out;
}

StackFrame UserStackFrames::frame(Process& p, uint64_t pc, bool activation) {
  auto cached = p.symbols.find(pc);
  if (cached != p.symbols.end()) {
    ++hits_;
    return cached->second;
  }
  ++misses_;
  StackFrame f;
  f.addr = pc;
  uint64_t lookup = activation ? pc : pc - 1;  // a return address: the call is before it
  if (const Mapping* map = mappings_.find(p.pid, lookup)) {
    f.object = map->path;
    f.offset = pc - map->start + map->pgoff;  // strace's [0x...] where no module is known ([vdso])
  }
  Dwfl_Module* mod = p.module_of(lookup);
  if (mod) {
    Dwarf_Addr bias = 0;
    Elf* elf = dwfl_module_getelf(mod, &bias);
    f.offset = pc - bias;
    const FunctionSymbols& functions = p.functions_of(mod);
    const FunctionSymbol* fn = functions.nearest(lookup);
    const stacks::GoPclntab* go =
        elf && (!fn || functions.dynamic_only) ? p.go_table(f.object) : nullptr;
    if (auto go_fn = go ? go->lookup(lookup - bias) : std::nullopt) {
      f.symbol = go_fn->name;
      f.symbol_offset = pc - bias - go_fn->entry;
    } else if (fn) {
      f.symbol = demangle(fn->name.c_str());
      f.symbol_offset = pc - fn->addr;
    }
    if (source_lines_) {
      if (Dwfl_Line* line = dwfl_module_getsrc(mod, lookup)) {
        int lineno = 0;
        if (const char* file = dwfl_lineinfo(line, nullptr, &lineno, nullptr, nullptr, nullptr)) {
          f.file = file;
          f.line = lineno;
        }
      }
    }
  }
  if (p.symbols.size() >= kMaxNamedPcs) p.symbols.clear();  // a bound, not an LRU: refills fast
  p.symbols.emplace(pc, f);
  return f;
}

}  // namespace sysray
