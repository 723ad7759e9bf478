// A small known trace for the export tests, and a helper that converts it in memory.
#pragma once
#include <sstream>
#include <string>

#include "export/export_writer.h"
#include "export/jsonl_reader.h"

namespace sysray::test {

// Two threads of one process: an openat with a three-frame stack (the last frame without a
// symbol), a failed bind on the second thread, an exit object (no call), and an exit_group
// that never returned.
inline const char* kExportInput =
    R"j({"type":"syscall","ts_ns":1000000000,"pid":100,"tid":100,"comm":"app","syscall":"openat","args":["AT_FDCWD","/etc/hosts","O_RDONLY|O_CLOEXEC"],"ret":3,"dur_ns":5000,"stack":[{"addr":"0x7f0000001829","object":"/usr/lib/x86_64-linux-gnu/libc.so.6","offset":"0x101829","symbol":"openat","symbol_offset":25},{"addr":"0x401000","object":"/bin/app","offset":"0x1000","symbol":"load_hosts()","symbol_offset":4},{"addr":"0x401100","object":"/bin/app","offset":"0x1100"}]})j"
    "\n"
    R"({"type":"syscall","ts_ns":1000010000,"pid":100,"tid":101,"comm":"worker","syscall":"bind","args":[3,{"family":"AF_INET","addr":"127.0.0.1","port":3001},16],"ret":-1,"errno":"EADDRINUSE","dur_ns":2500})"
    "\n"
    R"({"type":"exit","ts_ns":1000020000,"pid":100,"tid":101,"comm":"worker","exit_code":0})"
    "\n"
    R"({"type":"syscall","ts_ns":1000030000,"pid":100,"tid":100,"comm":"app","syscall":"exit_group","args":[0],"ret":null})"
    "\n";

struct Converted {
  std::string output;
  exporter::ReadStats stats;
};

inline Converted convert(const std::string& format, const std::string& input = kExportInput,
                         exporter::FoldedWeight weight = exporter::FoldedWeight::Count) {
  std::istringstream in(input);
  std::ostringstream out;
  auto writer = exporter::make_writer(format, out, weight);
  exporter::JsonlReader reader(in, "test.jsonl", 0);
  Converted c;
  c.stats = reader.read_all([&](const exporter::CallRecord& call) { writer->add(call); });
  writer->finish();
  c.output = out.str();
  return c;
}

}  // namespace sysray::test
