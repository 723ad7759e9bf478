#include "commands/child_command.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <sstream>

#include "util/errno_text.h"
#include "util/user_error.h"

namespace sysray {

std::string resolve_command(const std::string& name) {
  if (name.empty()) return "";
  if (name.find('/') != std::string::npos) return access(name.c_str(), X_OK) == 0 ? name : "";
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

ChildCommand::ChildCommand(const std::vector<std::string>& argv) {
  std::string path = resolve_command(argv.at(0));
  if (path.empty()) throw UserError("command not found: " + argv[0], kExitCommandNotFound);

  std::vector<char*> cargv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0)
    throw UserError("cannot create a pipe to start the command: " + errno_text(errno),
                    kExitRefused);
  UniqueFd wait_end(fds[0]);
  go_.reset(fds[1]);
  pid_ = fork();
  if (pid_ < 0)
    throw UserError("cannot fork to start the command: " + errno_text(errno), kExitRefused);
  if (pid_ == 0) {
    // Child: only async-signal-safe calls until exec.
    char byte;
    go_.reset();
    ssize_t n;
    do n = read(wait_end.get(), &byte, 1);
    while (n < 0 && errno == EINTR);
    if (n != 0) _exit(126);  // the parent died or gave up before releasing us
    execv(path.c_str(), cargv.data());
    _exit(kExitCommandNotFound);
  }
}

ChildCommand::~ChildCommand() {
  // A child never released means sysray failed before tracing began: it must not run untraced.
  // A released child is left to run, as strace leaves a tracee it detaches from.
  if (pid_ > 0 && !status_ && go_) {
    kill(pid_, SIGKILL);
    int st;
    waitpid(pid_, &st, 0);
  }
}

void ChildCommand::release() { go_.reset(); }

std::optional<int> ChildCommand::poll_exit() {
  if (status_ || pid_ <= 0) return status_;
  int st = 0;
  pid_t r = waitpid(pid_, &st, WNOHANG);
  if (r == pid_) {
    if (WIFEXITED(st)) status_ = WEXITSTATUS(st);
    else if (WIFSIGNALED(st)) status_ = 128 + WTERMSIG(st);
  }
  return status_;
}

void ChildCommand::forward_signal(int sig) {
  if (pid_ > 0 && !status_) kill(pid_, sig);
}

}  // namespace sysray
