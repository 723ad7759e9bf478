#include "stacks/unwinder.h"

namespace sysray::stacks {

const FrameRules* Unwinder::rules(ElfObject* obj, uint64_t vaddr) {
  Key key{obj, vaddr};
  auto it = rules_.find(key);
  if (it != rules_.end()) {
    ++hits_;
    return it->second.get();
  }
  ++misses_;
  std::unique_ptr<FrameRules> found;
  if (auto frame = obj->frame_at(vaddr))
    if (auto r = FrameRules::from(frame.get())) found = std::make_unique<FrameRules>(std::move(*r));
  return rules_.emplace(key, std::move(found)).first->second.get();
}

// Frame pointers: the saved rbp at [rbp], the return address above it. Only for objects without
// CFI, whose code keeps them (Go on amd64); the chain must climb the stack.
static bool frame_pointer_step(const StackSnapshot& snap, const Registers& regs, Registers& caller) {
  if (!regs.has(kRbp) || !regs.has(kRsp)) return false;
  uint64_t fp = regs.value[kRbp];
  if (fp < regs.value[kRsp] || fp % 8 != 0) return false;
  auto saved_fp = snap.word(fp);
  auto ret = snap.word(fp + 8);
  if (!saved_fp || !ret) return false;
  caller = Registers{};
  caller.set(kRbp, *saved_fp);
  caller.set(kRsp, fp + 16);
  caller.set(kRip, *ret);
  return true;
}

bool Unwinder::step(const StackSnapshot& snap, const ProcMaps& maps, const UnwoundFrame& frame, Registers& regs,
                    bool& signal_frame) {
  const MapEntry* m = maps.find(frame.lookup());
  if (!m || !m->executable) return false;
  ElfObject* obj = objects_.get(*m, maps.pid());
  if (!obj) return false;
  Registers caller;
  signal_frame = false;
  if (obj->has_cfi()) {
    auto vaddr = obj->vaddr_of(m->relative(frame.lookup()));
    const FrameRules* r = vaddr ? rules(obj, *vaddr) : nullptr;
    if (!r || !r->step(regs, snap, caller)) return false;
    signal_frame = r->signal_frame();
  } else if (!frame_pointer_step(snap, regs, caller)) {
    return false;
  }
  // Each caller's frame is above its callee's (a signal frame's is too): anything else is a
  // loop or garbage.
  if (caller.value[kRsp] <= regs.value[kRsp] || caller.value[kRip] == 0) return false;
  regs = caller;
  return true;
}

void Unwinder::unwind(const StackSnapshot& snap, const ProcMaps& maps, std::vector<UnwoundFrame>& out,
                      size_t max_depth) {
  out.clear();
  if (max_depth == 0) return;
  Registers regs;
  for (int r = 0; r < kRegCount; ++r) regs.set(r, snap.regs[static_cast<size_t>(r)]);
  UnwoundFrame frame{snap.regs[kRip], true};
  while (true) {
    out.push_back(frame);
    if (out.size() >= max_depth) return;
    bool signal_frame = false;
    if (!step(snap, maps, frame, regs, signal_frame)) return;
    frame = UnwoundFrame{regs.value[kRip], signal_frame};
  }
}

}  // namespace sysray::stacks
