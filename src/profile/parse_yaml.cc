// SPDX-License-Identifier: Apache-2.0
// YAML text -> Node trees (one per document) through libyaml's event parser. Not yaml-cpp: the
// fuzz target found inputs on which Debian's yaml-cpp 0.7 never returns while allocating without
// bound ("{},", "\"x\",", ",a: b? c"), and libyaml, fuzzed in OSS-Fuzz, reports them as errors
// with a position. Plain scalars get their JSON type the way Kubernetes' YAML-to-JSON conversion
// does (38 is a number, true a boolean, null/~ null); quoted or tagged scalars are strings.
#include <yaml.h>

#include <map>
#include <string>

#include "syscage/profile/tree.h"

namespace syscage::profile {
namespace {

constexpr int kMaxDepth = 200;

bool LooksLikeInteger(const std::string& s) {
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (i >= s.size()) return false;
  if (s.size() > i + 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'o')) {
    return false;  // hex/octal stay strings: we do not guess at YAML 1.1 number forms
  }
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// Builds Nodes from libyaml's event stream. Aliases are expanded (with a node budget, so a
// "billion laughs" document fails instead of exhausting memory).
class TreeBuilder {
 public:
  TreeBuilder(std::string_view file, Diagnostics& diags) : file_(file), diags_(diags) {}

  SourceLoc Loc(const yaml_mark_t& mark, std::string path = "") const {
    return SourceLoc{std::string(file_), static_cast<uint32_t>(mark.line + 1),
                     static_cast<uint32_t>(mark.column + 1), std::move(path)};
  }

  bool Fail(const yaml_mark_t& mark, const std::string& message) {
    diags_.Error(Loc(mark), "invalid YAML: " + message);
    return false;
  }

  // Parses one node whose first event is `ev` (owned by the caller) into `out`.
  bool Node_(yaml_parser_t& parser, yaml_event_t& ev, const std::string& path, int depth,
             Node& out) {
    out.loc = Loc(ev.start_mark, path);
    if (depth > kMaxDepth) return Fail(ev.start_mark, "nesting deeper than 200 levels");
    if (++nodes_ > kMaxNodes) return Fail(ev.start_mark, "more than 1000000 nodes");
    const char* anchor = nullptr;
    switch (ev.type) {
      case YAML_ALIAS_EVENT: {
        auto it = anchors_.find(reinterpret_cast<const char*>(ev.data.alias.anchor));
        if (it == anchors_.end()) return Fail(ev.start_mark, "unknown alias");
        nodes_ += it->second.second;
        if (nodes_ > kMaxNodes) return Fail(ev.start_mark, "more than 1000000 nodes");
        SourceLoc loc = out.loc;
        out = it->second.first;
        out.loc = loc;
        return true;
      }
      case YAML_SCALAR_EVENT: {
        anchor = reinterpret_cast<const char*>(ev.data.scalar.anchor);
        out.text.assign(reinterpret_cast<const char*>(ev.data.scalar.value), ev.data.scalar.length);
        const char* tag = reinterpret_cast<const char*>(ev.data.scalar.tag);
        const bool plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !tag;
        if (!plain) {
          out.kind = Node::Kind::kString;
        } else {
          out.plain_scalar = true;
          if (out.text.empty() || out.text == "null" || out.text == "Null" || out.text == "NULL" ||
              out.text == "~") {
            out.kind = Node::Kind::kNull;
            out.text.clear();
          } else if (out.text == "true" || out.text == "false") {
            out.kind = Node::Kind::kBool;
          } else if (LooksLikeInteger(out.text)) {
            out.kind = Node::Kind::kNumber;
            if (out.text[0] == '+') out.text.erase(0, 1);
          } else {
            out.kind = Node::Kind::kString;
          }
        }
        break;
      }
      case YAML_SEQUENCE_START_EVENT: {
        anchor = reinterpret_cast<const char*>(ev.data.sequence_start.anchor);
        out.kind = Node::Kind::kArray;
        while (true) {
          Event child;
          if (!child.Next(parser, *this)) return false;
          if (child.ev.type == YAML_SEQUENCE_END_EVENT) break;
          out.items.emplace_back();
          if (!Node_(parser, child.ev, JoinPointer(path, std::to_string(out.items.size() - 1)),
                     depth + 1, out.items.back())) {
            return false;
          }
        }
        break;
      }
      case YAML_MAPPING_START_EVENT: {
        anchor = reinterpret_cast<const char*>(ev.data.mapping_start.anchor);
        out.kind = Node::Kind::kObject;
        while (true) {
          Event key;
          if (!key.Next(parser, *this)) return false;
          if (key.ev.type == YAML_MAPPING_END_EVENT) break;
          if (key.ev.type != YAML_SCALAR_EVENT) {
            return Fail(key.ev.start_mark, "mapping keys must be scalars");
          }
          std::string name(reinterpret_cast<const char*>(key.ev.data.scalar.value),
                           key.ev.data.scalar.length);
          std::string child_path = JoinPointer(path, name);
          if (const Node* prev = out.Find(name)) {
            diags_.Error(Loc(key.ev.start_mark, child_path),
                         "duplicate key \"" + name + "\" (first at line " +
                             std::to_string(prev->loc.line) + ")");
            return false;
          }
          Event value;
          if (!value.Next(parser, *this)) return false;
          out.members.emplace_back(name, Node{});
          if (!Node_(parser, value.ev, child_path, depth + 1, out.members.back().second)) {
            return false;
          }
        }
        break;
      }
      default:
        return Fail(ev.start_mark, "unexpected event");
    }
    if (anchor) anchors_[anchor] = {out, CountNodes(out)};
    return true;
  }

  // One libyaml event, freed on scope exit.
  struct Event {
    yaml_event_t ev{};
    bool owned = false;
    ~Event() {
      if (owned) yaml_event_delete(&ev);
    }
    bool Next(yaml_parser_t& parser, TreeBuilder& b) {
      if (!yaml_parser_parse(&parser, &ev)) {
        return b.Fail(parser.problem_mark, parser.problem ? parser.problem : "parse error");
      }
      owned = true;
      return true;
    }
  };

  bool Documents(yaml_parser_t& parser, std::vector<Node>& out) {
    while (true) {
      Event ev;
      if (!ev.Next(parser, *this)) return false;
      switch (ev.ev.type) {
        case YAML_STREAM_END_EVENT:
          return true;
        case YAML_STREAM_START_EVENT:
        case YAML_DOCUMENT_END_EVENT:
          continue;
        case YAML_DOCUMENT_START_EVENT: {
          anchors_.clear();
          Event root;
          if (!root.Next(parser, *this)) return false;
          Node node;
          if (!Node_(parser, root.ev, "", 0, node)) return false;
          // Empty documents between "---" separators are skipped.
          if (node.kind != Node::Kind::kNull) out.push_back(std::move(node));
          continue;
        }
        default:
          return Fail(ev.ev.start_mark, "unexpected event");
      }
    }
  }

 private:
  static size_t CountNodes(const Node& n) {
    size_t c = 1;
    for (const auto& i : n.items) c += CountNodes(i);
    for (const auto& [k, v] : n.members) c += CountNodes(v);
    return c;
  }

  static constexpr size_t kMaxNodes = 1000000;
  std::string_view file_;
  Diagnostics& diags_;
  size_t nodes_ = 0;
  std::map<std::string, std::pair<Node, size_t>> anchors_;
};

}  // namespace

Result<std::vector<Node>> ParseYamlTrees(std::string_view text, std::string_view file_name,
                                         Diagnostics& diags) {
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) {
    return Fail(ErrorCode::kInternal, "cannot initialise the YAML parser");
  }
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  std::vector<Node> out;
  TreeBuilder builder(file_name, diags);
  const bool ok = builder.Documents(parser, out);
  yaml_parser_delete(&parser);
  if (!ok) return Fail(ErrorCode::kInvalidArgument, "invalid YAML in " + std::string(file_name));
  return out;
}

}  // namespace syscage::profile
