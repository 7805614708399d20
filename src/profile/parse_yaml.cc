// SPDX-License-Identifier: Apache-2.0
// YAML text -> Node trees (one per document), the yaml-cpp adapter: the only place yaml-cpp's
// exceptions are caught for reading. Plain scalars get their JSON type here the way Kubernetes'
// YAML-to-JSON conversion does (38 is a number, true a boolean, null/~ null); quoted scalars
// are always strings.
#include <exception>
#include <string>

#include <yaml-cpp/yaml.h>

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

class YamlConverter {
 public:
  YamlConverter(std::string_view file, Diagnostics& diags) : file_(file), diags_(diags) {}

  bool Convert(const YAML::Node& in, const std::string& path, int depth, Node& out) {
    const YAML::Mark mark = in.Mark();
    out.loc = SourceLoc{std::string(file_), static_cast<uint32_t>(mark.line + 1),
                        static_cast<uint32_t>(mark.column + 1), path};
    if (depth > kMaxDepth) {
      diags_.Error(out.loc, "invalid YAML: nesting deeper than 200 levels");
      return false;
    }
    switch (in.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out.kind = Node::Kind::kNull;
        return true;
      case YAML::NodeType::Scalar: {
        out.text = in.Scalar();
        const bool plain = in.Tag() == "?" || in.Tag().empty();
        if (!plain) {
          out.kind = Node::Kind::kString;
          return true;
        }
        out.plain_scalar = true;
        if (out.text == "null" || out.text == "Null" || out.text == "NULL" || out.text == "~") {
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
        return true;
      }
      case YAML::NodeType::Sequence: {
        out.kind = Node::Kind::kArray;
        size_t i = 0;
        for (const auto& item : in) {
          out.items.emplace_back();
          if (!Convert(item, JoinPointer(path, std::to_string(i++)), depth + 1, out.items.back())) {
            return false;
          }
        }
        return true;
      }
      case YAML::NodeType::Map: {
        out.kind = Node::Kind::kObject;
        for (const auto& kv : in) {
          if (!kv.first.IsScalar()) {
            const YAML::Mark km = kv.first.Mark();
            diags_.Error(SourceLoc{std::string(file_), static_cast<uint32_t>(km.line + 1),
                                   static_cast<uint32_t>(km.column + 1), path},
                         "invalid YAML: mapping keys must be scalars");
            return false;
          }
          std::string key = kv.first.Scalar();
          std::string child_path = JoinPointer(path, key);
          if (const Node* prev = out.Find(key)) {
            const YAML::Mark km = kv.first.Mark();
            diags_.Error(SourceLoc{std::string(file_), static_cast<uint32_t>(km.line + 1),
                                   static_cast<uint32_t>(km.column + 1), child_path},
                         "duplicate key \"" + key + "\" (first at line " +
                             std::to_string(prev->loc.line) + ")");
            return false;
          }
          out.members.emplace_back(key, Node{});
          if (!Convert(kv.second, child_path, depth + 1, out.members.back().second)) {
            return false;
          }
        }
        return true;
      }
    }
    return true;
  }

 private:
  std::string_view file_;
  Diagnostics& diags_;
};

// yaml-cpp 0.7 (Debian 12) never returns, allocating without bound, when a document's root is a
// flow collection or quoted scalar followed by ',' on its line ("{},", "[] ,", "\"x\","; found
// by tests/fuzz). Such text is not valid YAML, so it is refused here, before yaml-cpp sees it.
// Returns the offset of the bad ',' or npos.
size_t FindRootComma(std::string_view text) {
  size_t pos = 0;
  bool doc_start = true;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    if (line.rfind("---", 0) == 0) {
      doc_start = true;
      line.remove_prefix(3);
      pos += 3;
    }
    size_t i = line.find_first_not_of(" \t\r");
    if (!doc_start || i == std::string_view::npos || line[i] == '#' || line[i] == '%') {
      pos = eol + 1;
      continue;
    }
    doc_start = false;
    const char c = line[i];
    if (c != '{' && c != '[' && c != '"' && c != '\'') {
      pos = eol + 1;
      continue;
    }
    // Skip the root node: nested brackets, quoted scalars (which may span lines).
    size_t j = pos + i;
    int depth = 0;
    char quote = 0;
    for (; j < text.size(); ++j) {
      const char ch = text[j];
      if (quote) {
        if (ch == '\\' && quote == '"') {
          ++j;
        } else if (ch == quote) {
          if (quote == '\'' && j + 1 < text.size() && text[j + 1] == '\'') {
            ++j;
          } else {
            quote = 0;
            if (depth == 0) break;
          }
        }
        continue;
      }
      if (ch == '"' || ch == '\'') {
        const char prev = j > 0 ? text[j - 1] : ' ';
        if (prev == ' ' || prev == '\t' || prev == '\n' || prev == '[' || prev == '{' ||
            prev == ',' || prev == ':') {
          quote = ch;
        }
      } else if (ch == '{' || ch == '[') {
        ++depth;
      } else if (ch == '}' || ch == ']') {
        if (--depth <= 0) break;
      }
    }
    if (j >= text.size()) return std::string_view::npos;
    size_t k = j + 1;
    while (k < text.size() && (text[k] == ' ' || text[k] == '\t')) ++k;
    if (k < text.size() && text[k] == ',') return k;
    eol = text.find('\n', k);
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  return std::string_view::npos;
}

}  // namespace

Result<std::vector<Node>> ParseYamlTrees(std::string_view text, std::string_view file_name,
                                         Diagnostics& diags) {
  if (size_t comma = FindRootComma(text); comma != std::string_view::npos) {
    uint32_t line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < comma; ++i) {
      if (text[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    diags.Error(
        SourceLoc{std::string(file_name), line, static_cast<uint32_t>(comma - line_start + 1), ""},
        "invalid YAML: ',' after the document's top-level value");
    return Fail(ErrorCode::kInvalidArgument, "invalid YAML in " + std::string(file_name));
  }
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    diags.Error(SourceLoc{std::string(file_name), static_cast<uint32_t>(e.mark.line + 1),
                          static_cast<uint32_t>(e.mark.column + 1), ""},
                "invalid YAML: " + e.msg);
    return Fail(ErrorCode::kInvalidArgument, "invalid YAML in " + std::string(file_name));
  } catch (const std::exception& e) {
    diags.Error(SourceLoc{std::string(file_name), 0, 0, ""},
                std::string("invalid YAML: ") + e.what());
    return Fail(ErrorCode::kInvalidArgument, "invalid YAML in " + std::string(file_name));
  }
  std::vector<Node> out;
  YamlConverter converter(file_name, diags);
  try {
    for (const auto& doc : docs) {
      if (doc.IsNull()) continue;  // empty documents between "---" separators
      out.emplace_back();
      if (!converter.Convert(doc, "", 0, out.back())) {
        return Fail(ErrorCode::kInvalidArgument, "invalid YAML in " + std::string(file_name));
      }
    }
  } catch (const std::exception& e) {
    diags.Error(SourceLoc{std::string(file_name), 0, 0, ""},
                std::string("invalid YAML: ") + e.what());
    return Fail(ErrorCode::kInvalidArgument, "invalid YAML in " + std::string(file_name));
  }
  return out;
}

}  // namespace syscage::profile
