#include "format/capture_output.h"

#include "format/base64.h"
#include "util/message.h"

namespace sysray {

const char* capture_loss_name(uint32_t reason) {
  switch (reason) {
    case SR_CAPTURE_RING_FULL: return "ring_full";
    case SR_CAPTURE_FAULT: return "fault";
  }
  return "unknown";
}

namespace {

const char* loss_hint(uint32_t reason) {
  switch (reason) {
    case SR_CAPTURE_RING_FULL: return "the ring buffer was full: raise --buffer-size";
    case SR_CAPTURE_FAULT: return "its buffer could not be read at sys_exit";
  }
  return "nothing of it arrived";
}

}  // namespace

void CaptureOutput::write(fmt::memory_buffer& out, const CapturedWrite& w) {
  uint64_t& fd_offset = fd_offset_[w.fd];
  if (!w.data.empty()) {
    if (json_) {
      fmt::format_to(std::back_inserter(out),
                     R"({{"type":"write","fd":{},"pid":{},"tid":{},"offset":{},"bytes":{},"data":")",
                     w.fd, w.pid, w.tid, fd_offset, w.data.size());
      append_base64(out, w.data);
      out.append(std::string_view("\"}\n"));
    } else {
      out.append(w.data.data(), w.data.data() + w.data.size());
    }
    output_offset_ += w.data.size();
    fd_offset += w.data.size();
  }
  if (w.loss) gap(out, w, fd_offset);
  if (w.total > w.data.size()) fd_offset += w.total - w.data.size();
}

void CaptureOutput::gap(fmt::memory_buffer& out, const CapturedWrite& w, uint64_t fd_offset) {
  ++lost_writes_;
  uint32_t reason = *w.loss;
  if (w.total == 0) {  // not one piece, and no loss record: fd and size unknown
    ++unknown_writes_;
    print_message("capture: a whole write was lost at output offset {} (its fd and size are unknown: "
                  "{}; raise --buffer-size)", output_offset_, loss_hint(reason));
    if (gaps_) std::fprintf(gaps_, "output_offset=%llu bytes=unknown reason=%s\n",
                            (unsigned long long)output_offset_, capture_loss_name(reason));
    if (json_)
      fmt::format_to(std::back_inserter(out), R"({{"type":"gap","fd":null,"bytes":null,"reason":"{}"}})" "\n",
                     capture_loss_name(reason));
    return;
  }
  uint64_t missing = w.total - w.data.size();
  lost_bytes_ += missing;
  print_message("capture: lost {} bytes of fd {} (pid {}, tid {}) at output offset {}: bytes {}..{} "
                "of a {}-byte write ({})", missing, w.fd, w.pid, w.tid, output_offset_,
                w.data.size(), w.total - 1, w.total, loss_hint(reason));
  if (gaps_)
    std::fprintf(gaps_, "output_offset=%llu fd=%u pid=%u tid=%u fd_offset=%llu bytes=%llu reason=%s\n",
                 (unsigned long long)output_offset_, w.fd, w.pid, w.tid,
                 (unsigned long long)fd_offset, (unsigned long long)missing, capture_loss_name(reason));
  if (json_)
    fmt::format_to(std::back_inserter(out),
                   R"({{"type":"gap","fd":{},"pid":{},"tid":{},"offset":{},"bytes":{},"reason":"{}"}})" "\n",
                   w.fd, w.pid, w.tid, fd_offset, missing, capture_loss_name(reason));
}

}  // namespace sysray
