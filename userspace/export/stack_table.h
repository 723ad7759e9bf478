// Stacks as a prefix tree, the way Gecko's stackTable and Chrome's stackFrames store them: each
// node is (parent node, frame), so a stack seen a million times costs one lookup, and memory
// grows with the distinct stacks, not with the calls.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sysray::exporter {

// Distinct strings, numbered in order of first appearance.
class StringTable {
 public:
  int64_t index(const std::string& s);
  const std::vector<std::string>& strings() const { return strings_; }

 private:
  std::unordered_map<std::string, int64_t> ids_;
  std::vector<std::string> strings_;
};

class StackTable {
 public:
  static constexpr int64_t kRoot = -1;
  struct Node {
    int64_t parent;  // kRoot for an outermost frame
    int64_t frame;   // index into frames()
  };

  // The node for `frames` given outermost first; kRoot for an empty stack.
  int64_t intern(const std::vector<std::string>& outermost_first);
  const std::vector<Node>& nodes() const { return nodes_; }
  StringTable& frames() { return frames_; }

 private:
  StringTable frames_;
  std::map<std::pair<int64_t, int64_t>, int64_t> node_ids_;
  std::vector<Node> nodes_;
};

// The call's stack outermost first, the call itself as the innermost frame: what a flame graph
// and a sampled profile show.
std::vector<std::string> stack_with_call(const std::vector<std::string>& innermost_first,
                                         const std::string& call_name);

}  // namespace sysray::exporter
