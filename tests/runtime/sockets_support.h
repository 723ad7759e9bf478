// What the `sysray sockets` runtime tests share: the backend under test, running sysray
// sockets, and a compact one-line form of an event for exact sequence checks.
// $SYSRAY_SOCKETS_BACKEND (default auto) is passed as --backend, so that the same tests can run
// each backend where the kernel has it.
#pragma once
#include <string>
#include <vector>

#include "runtime_support.h"

namespace sysray::test {

// The --backend under test.
std::string sockets_backend();
// The "backend" every event must name: the forced one, or what auto picks on this kernel.
std::string expected_backend();

// {"sockets", "--backend", B, args...}
std::vector<std::string> sockets_args(std::vector<std::string> args);
// {sysray, args...}
std::vector<std::string> sysray_command(std::vector<std::string> args);
ProcessResult run_sockets(std::vector<std::string> args);

// "127.0.0.1:3101", "[::1]:3101" from {"addr":..,"port":..}.
std::string ep(const json& e);
// "connect 4 tcp 127.0.0.1:42010>127.0.0.1:3101 0 0": event, fd, proto, local>remote, bytes,
// ret and errno when it failed.
std::string compact(const json& e);
std::vector<std::string> compact_all(const std::vector<json>& events);
// The lines, each ended by a newline.
std::string joined(const std::vector<std::string>& lines);

}  // namespace sysray::test
