// The fixed-size kernel objects and counted captures the BPF side copies out (kernel_structs.h):
// the first input byte picks the renderer, the rest is its capture.
#include <iterator>

#include "decode/capture_render.h"
#include "fuzz_support.h"

namespace {

using sysray::decode::CaptureRenderer;
namespace decode = sysray::decode;

constexpr CaptureRenderer kRenderers[] = {
    decode::render_rlimit,      decode::render_sigset,  decode::render_sigaction,
    decode::render_stat,        decode::render_statx,   decode::render_timespec,
    decode::render_wait_status, decode::render_fd_pair, decode::render_dirents,
    decode::render_epoll_event, decode::render_epoll_events, decode::render_stack,
    decode::render_utsname,     decode::render_sysinfo, decode::render_cpu_set,
    decode::render_itimerspec,  decode::render_statfs,  decode::render_utimens,
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sysray;
  fuzz::Bytes in(data, size);
  CaptureRenderer render = kRenderers[in.take<uint8_t>() % std::size(kRenderers)];
  uint8_t read = render == decode::render_dirents ? SR_READ_RECORDS : SR_READ_BYTES;
  Capture c = fuzz::take_capture(in, read);
  decode::DecodedArg arg;
  render(c, 0x7ffd0000, arg);
  fuzz::print_arg(arg);
  return 0;
}
