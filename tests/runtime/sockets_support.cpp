#include "sockets_support.h"

#include <cstdlib>

#include "funccount_support.h"

namespace sysray::test {

std::string sockets_backend() {
  const char* b = std::getenv("SYSRAY_SOCKETS_BACKEND");
  return b && *b ? b : "auto";
}

std::string expected_backend() {
  std::string b = sockets_backend();
  if (b != "auto") return b;
  return has_feature("fentry") ? "fentry" : has_feature("kprobe") ? "kprobe" : "syscalls";
}

std::vector<std::string> sockets_args(std::vector<std::string> args) {
  std::vector<std::string> full = {"sockets", "--backend", sockets_backend()};
  full.insert(full.end(), args.begin(), args.end());
  return full;
}

std::vector<std::string> sysray_command(std::vector<std::string> args) {
  args.insert(args.begin(), sysray_bin());
  return args;
}

ProcessResult run_sockets(std::vector<std::string> args) {
  return run_sysray(sockets_args(std::move(args)));
}

std::string ep(const json& e) {
  std::string addr = e["addr"];
  int port = e["port"];
  return (addr.find(':') != std::string::npos ? "[" + addr + "]" : addr) + ":" +
         std::to_string(port);
}

std::string compact(const json& e) {
  std::string s = std::string(e["event"]) + " " + std::to_string(int(e["fd"])) + " " +
                  std::string(e["proto"]) + " " + ep(e["local"]) + ">" + ep(e["remote"]) + " " +
                  std::to_string(uint64_t(e["bytes"])) + " " + std::to_string(int64_t(e["ret"]));
  if (e.contains("errno")) s += " " + std::string(e["errno"]);
  return s;
}

std::vector<std::string> compact_all(const std::vector<json>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(compact(e));
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

}  // namespace sysray::test
