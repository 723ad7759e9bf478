// `sysray trace`: the strace-like stream. Records flow ring → split → parse → reorder (time
// order across CPUs) → join (blocked calls) → print (text or JSON) → buffered output.
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <time.h>

#include <charconv>
#include <set>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "cli/byte_size.h"
#include "cli/comma_list.h"
#include "cli/signal_filter.h"
#include "cli/status_filter.h"
#include "commands/calls_at_attach.h"
#include "commands/commands.h"
#include "commands/lost_report.h"
#include "commands/session_end.h"
#include "commands/syscall_session.h"
#include "decode/arg_decoder.h"
#include "decode/arg_render.h"
#include "decode/capture_render.h"
#include "decode/syscall_semantics.h"
#include "decode/xlat_mode.h"
#include "format/clock_format.h"
#include "commands/trace_stacks.h"
#include "format/output.h"
#include "format/output_stream.h"
#include "trace/event_joiner.h"
#include "trace/fd_paths.h"
#include "trace/path_filter.h"
#include "trace/reorder_buffer.h"
#include "util/message.h"
#include "trace/status_filter_printer.h"
#include "util/malformed_records.h"
#include "util/user_error.h"

namespace sysray {
namespace {

// --quiet LIST, strace's: does it hide the "+++ exited with N +++" lines? strace's other
// messages (attach, personality, ...) are ones sysray never prints, so their names are
// accepted and change nothing.
bool quiet_exits(const std::string& list) {
  static const std::set<std::string, std::less<>> others = {
      "attach", "personality", "path-resolution", "superseded", "thread-execve", "none"};
  bool exits = false;
  for (std::string_view name : split_commas(list)) {
    if (name == "exit" || name == "exits" || name == "all")
      exits = true;
    else if (!name.empty() && !others.contains(name))
      throw UserError(fmt::format("unknown --quiet item '{}' (known: exit attach personality "
                                  "path-resolution superseded thread-execve all none)", name));
  }
  return exits;
}

// -y and -P: the descriptor table, and which calls -P keeps.
struct FdOptions {
  std::unique_ptr<FdPaths> fds;        // -y, -yy or -P
  std::unique_ptr<PathFilter> paths;   // -P
  bool show = false;                   // -y: the paths are printed
  SyscallSet shown;                    // -e's choice: the others only keep the table
};

// Decodes each event's arguments and hands the event to the Output.
class Printer : public SyscallPrinter {
 public:
  // `stacks`: trace -k's, or null.
  Printer(OutputStream& out, const decode::ArgDecoder& decoder, const Output& output,
          TraceStacks* stacks, FdOptions fd_options, decode::XlatMode xlat)
      : out_(out), decoder_(decoder), output_(output), stacks_(stacks), fd_(std::move(fd_options)),
        xlat_(xlat) {}

  void complete(const SyscallEvent& ev) override {
    decode_args(ev);
    if (!annotate(ev, true)) return;
    output_.syscall(out_.buffer(), ev, args_, decoder_.name(ev.nr), ret_path_);
    call_stack(ev);
    out_.maybe_flush();
  }
  void unfinished(const SyscallEvent& enter) override {
    decode_args(enter);
    if (!annotate(enter, false)) return;
    if (fd_.paths) unfinished_shown_.insert(enter.tid);
    output_.syscall_unfinished(out_.buffer(), enter, args_, decoder_.name(enter.nr));
    out_.maybe_flush();
  }
  void resumed(const SyscallEvent& merged) override {
    decode_args(merged);
    bool wanted = annotate(merged, true);
    // -P: a call whose start was not shown ends as one whole line, when its end matches.
    bool started = !fd_.paths || unfinished_shown_.erase(merged.tid);
    if (started)
      output_.syscall_resumed(out_.buffer(), merged, args_, decoder_.name(merged.nr), ret_path_);
    else if (wanted)
      output_.syscall(out_.buffer(), merged, args_, decoder_.name(merged.nr), ret_path_);
    if (started || wanted) call_stack(merged);
    out_.maybe_flush();
  }
  void notice(const SyscallEvent& ev) override {
    if (ev.type == SR_REC_THREAD_EXIT) {
      if (fd_.fds) fd_.fds->thread_exit(ev);
      output_.thread_exit(out_.buffer(), ev);
    } else {
      decode::reset_arg(siginfo_);
      decode::render_siginfo(ev.cap[0], 0, siginfo_);
      output_.signal(out_.buffer(), ev, siginfo_);
    }
    out_.maybe_flush();
  }

 private:
  void decode_args(const SyscallEvent& ev) {
    decoder_.decode(ev, args_);
    decode::apply_xlat_mode(xlat_, args_);
  }

  // -y/-P: sets the descriptors' paths (and, for a finished call, applies what it did to the
  // table); false when -P hides the call.
  bool annotate(const SyscallEvent& ev, bool finished) {
    ret_path_.clear();
    if (!fd_.fds) return true;
    fd_.fds->annotate_args(ev, args_);
    if (finished) ret_path_ = fd_.fds->after_call(ev, args_);
    bool wanted = fd_.shown.test(ev.nr) &&
                  (!fd_.paths ||
                   fd_.paths->matches(ev, args_, decoder_.semantics(ev.nr), *fd_.fds, ret_path_));
    if (!fd_.show) {
      for (auto& a : args_) {
        a.fd_path.clear();
        for (auto& item : a.items) item.fd_path.clear();
      }
      ret_path_.clear();
    }
    return wanted;
  }

  // As strace -k: under the line that shows the call's end.
  void call_stack(const SyscallEvent& ev) {
    if (!stacks_ || !ev.stack_id) return;
    std::vector<StackFrame> frames = stacks_->take(ev);
    if (!frames.empty()) output_.call_stack(out_.buffer(), frames, stacks_->source_lines());
  }

  OutputStream& out_;
  const decode::ArgDecoder& decoder_;
  const Output& output_;
  TraceStacks* stacks_;
  FdOptions fd_;
  decode::XlatMode xlat_;
  std::vector<decode::DecodedArg> args_;  // reused: no allocation per event
  std::string ret_path_;
  std::unordered_set<uint32_t> unfinished_shown_;  // -P: tids whose unfinished line is out
  decode::DecodedArg siginfo_;
};

}  // namespace

int run_trace(TraceOptions& o) {
  if (o.only_failed && o.only_succeeded)
    throw UserError("give either --failed (-Z) or --successful-only (-z), not both");
  OutputOptions output_options;
  output_options.text.timestamps = o.timestamps;
  output_options.text.durations = o.durations;
  output_options.text.realtime_offset_ns = realtime_offset_ns();
  // -o FILE: lines as strace writes its files, so that the two diff clean: "= " at column 40
  // and the pid first ("4242  read(...") when several processes may show, none for one.
  bool strace_file = !o.output.empty();
  output_options.text.align_column = o.align_column >= 0 ? o.align_column : (strace_file ? 40 : 0);
  if (strace_file)
    output_options.text.leader = o.targets.follow_forks || !o.targets.pid_args.empty()
                                     ? LineLeader::FilePid
                                     : LineLeader::None;
  std::unique_ptr<Output> output = make_output(o.json, std::move(output_options));
  SyscallProgramConfig config;
  config.snaplen = parse_snaplen(o.snaplen);
  StatusSet statuses =
      parse_status_filters(o.targets.filter_exprs, o.only_succeeded, o.only_failed);
  decode::XlatMode xlat = decode::parse_xlat_mode(o.xlat);
  // What the kernel can drop itself (it keeps the calls that never return for -z's sake).
  config.only_failed = !(statuses & (kStatusSuccessful | kStatusUnfinished | kStatusDetached));
  config.only_succeeded = !config.only_failed && !(statuses & kStatusFailed);
  config.enter_times = output->shows_call_times();
  config.report_exits = !quiet_exits(o.quiet);
  config.signals = parse_signal_filters(o.targets.filter_exprs);
  config.ring_bytes = parse_ring_size(o.buffer_size);
  if (o.stack_traces) config.stack_bytes = parse_stack_size(o.stack_size);
  OutputStream out(o.output);
  // Mappings are watched from before the programs attach and the command starts.
  std::unique_ptr<TraceStacks> stacks;
  if (o.stack_traces) stacks = std::make_unique<TraceStacks>(o.stack_traces > 1);

  bool fd_table = o.decode_fds || !o.paths.empty();
  SyscallSession session =
      open_syscall_session(o.targets, config, "tracing every process on the system",
                           fd_table ? FdPaths::table_syscalls() : std::vector<std::string_view>{});
  decode::ArgDecoder decoder(session.table);
  FdOptions fd_options;
  if (fd_table)
    fd_options.fds = std::make_unique<FdPaths>(session.table, o.decode_fds > 1);
  if (!o.paths.empty()) fd_options.paths = std::make_unique<PathFilter>(o.paths);
  fd_options.show = o.decode_fds > 0;
  fd_options.shown = session.shown;
  if (fd_options.fds) {
    for (pid_t pid : session.targets.pids) fd_options.fds->seed(pid);
    if (session.targets.child) fd_options.fds->seed(session.targets.child->pid());
  }
  Printer printer(out, decoder, *output, stacks.get(), std::move(fd_options), xlat);
  StatusFilterPrinter status_filter(printer, statuses);
  bool all_statuses = statuses == kStatusAll;
  EventJoiner joiner(all_statuses ? static_cast<SyscallPrinter&>(printer) : status_filter);
  // -p: the calls the targets are already blocked in come first, as strace shows them at attach.
  if (!session.targets.child)
    for (SyscallEvent& ev : park_calls_at_attach(*session.programs, session.targets.pids, decoder,
                                                 config.snaplen, all_statuses || (statuses & kStatusDetached)))
      joiner.on_event(std::move(ev));
  ReorderBuffer reorder;
  auto to_joiner = [&](SyscallEvent&& ev) { joiner.on_event(std::move(ev)); };

  MalformedRecords malformed;
  std::string error;
  // When this poll's records were read: one clock read per poll, at its first record.
  uint64_t arrival_ns = 0;
  if (stacks)
    session.programs->set_stack_callback([&](const void* data, size_t size) { stacks->on_record(data, size); });
  session.programs->set_record_callback([&](const void* data, size_t size) {
    auto ev = parse_syscall_record(data, size, &error);
    if (!ev) {
      malformed.drop(error);
      return;
    }
    if (!arrival_ns) arrival_ns = monotonic_ns();
    reorder.push(std::move(*ev), arrival_ns);
  });

  SessionEnd end(session.targets.child.get(), session.targets.pids, 0);
  begin(session);
  LostReport lost("events");
  LostReport lost_stacks("stacks (trace -k)", "stacks");
  auto report_lost = [&] {
    lost.update(session.programs->lost(SR_LOST_RECORDS), *output, out.buffer());
    if (stacks) lost_stacks.update(session.programs->lost(SR_LOST_STACKS), *output, out.buffer());
  };
  // Mapping reports that arrived go in before the calls they may explain are printed.
  auto read_mappings = [&] {
    if (stacks) stacks->poll();
  };
  while (!end.reached()) {
    arrival_ns = 0;
    session.programs->poll(10);
    // Everything numbered below the mark is in the ring or read: read the ring again, and
    // once it has been read past the mark, those records leave in order.
    auto mark = session.programs->sent_mark();
    session.programs->consume();
    read_mappings();
    if (session.programs->delivered(mark)) reorder.release_below(mark.seq, to_joiner);
    uint64_t now = monotonic_ns();
    reorder.release(now, to_joiner);
    joiner.tick(now);
    report_lost();
    out.flush();
  }
  arrival_ns = 0;
  session.programs->finish();  // reads the batches left in the slots
  read_mappings();
  reorder.release_all(to_joiner);
  if (reorder.late())
    print_message("{} events reached sysray over a second after later ones had been printed: "
                  "they are out of order in the trace", reorder.late());
  status_filter.session_ending();
  joiner.finish();
  report_lost();
  malformed.report();
  if (stacks) stacks->report_end();
  report_untracked_children(session.programs->untracked_children());
  out.flush();
  return exit_status(session);
}

}  // namespace sysray
