// SPDX-License-Identifier: Apache-2.0
// JSON text -> Node tree, with line:col and a JSON pointer on every value. A recursive-descent
// reader over RFC 8259: strict (no comments, no trailing commas), duplicate keys rejected (nlohmann
// silently keeps the last one, which hides mistakes in hand-edited profiles), numbers kept as text
// so uint64 values survive exactly.
#include <cstdint>
#include <cstdio>
#include <string>

#include "syscage/profile/tree.h"

namespace syscage::profile {
namespace {

constexpr int kMaxDepth = 200;

class JsonReader {
 public:
  JsonReader(std::string_view text, std::string_view file, Diagnostics& diags)
      : text_(text), file_(file), diags_(diags) {}

  bool Parse(Node& out) {
    SkipSpace();
    if (!ParseValue(out, "", 0)) return false;
    SkipSpace();
    if (pos_ < text_.size()) return Fail("unexpected text after the JSON value");
    return true;
  }

 private:
  SourceLoc Here(std::string path = "") const {
    return SourceLoc{std::string(file_), line_, static_cast<uint32_t>(pos_ - line_start_ + 1),
                     std::move(path)};
  }

  bool Fail(const std::string& message) {
    if (pos_ >= text_.size()) {
      diags_.Error(Here(), "invalid JSON: " + message + " (at end of input)");
    } else {
      diags_.Error(Here(), "invalid JSON: " + message);
    }
    return false;
  }

  void Advance() {
    if (text_[pos_] == '\n') {
      ++line_;
      line_start_ = pos_ + 1;
    }
    ++pos_;
  }

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      Advance();
    }
  }

  bool ParseValue(Node& out, const std::string& path, int depth) {
    if (depth > kMaxDepth) return Fail("nesting deeper than 200 levels");
    if (pos_ >= text_.size()) return Fail("expected a value");
    out.loc = Here(path.empty() ? "" : path);
    if (path.empty()) out.loc.path = "";
    char c = text_[pos_];
    if (c == '{') return ParseObject(out, path, depth);
    if (c == '[') return ParseArray(out, path, depth);
    if (c == '"') {
      out.kind = Node::Kind::kString;
      return ParseString(out.text);
    }
    if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber(out);
    for (const char* word : {"true", "false", "null"}) {
      std::string_view w(word);
      if (text_.substr(pos_, w.size()) == w) {
        out.kind = w == "null" ? Node::Kind::kNull : Node::Kind::kBool;
        out.text = w == "null" ? "" : std::string(w);
        for (size_t i = 0; i < w.size(); ++i) Advance();
        return true;
      }
    }
    if (c == '/') return Fail("comments are not allowed in JSON");
    if (c == '\'') return Fail("strings must use double quotes");
    return Fail(std::string("unexpected character '") + c + "'");
  }

  bool ParseObject(Node& out, const std::string& path, int depth) {
    out.kind = Node::Kind::kObject;
    Advance();  // '{'
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      Advance();
      return true;
    }
    while (true) {
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_] != '"') {
        if (pos_ < text_.size() && text_[pos_] == '}') return Fail("trailing comma before '}'");
        return Fail("expected a string key");
      }
      SourceLoc key_loc = Here();
      std::string key;
      if (!ParseString(key)) return false;
      std::string child_path = JoinPointer(path, key);
      for (const auto& [k, v] : out.members) {
        if (k == key) {
          key_loc.path = child_path;
          diags_.Error(key_loc, "duplicate key \"" + key + "\" (first at line " +
                                    std::to_string(v.loc.line) + ")");
          return false;
        }
      }
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_] != ':') return Fail("expected ':' after key");
      Advance();
      SkipSpace();
      out.members.emplace_back(std::move(key), Node{});
      if (!ParseValue(out.members.back().second, child_path, depth + 1)) return false;
      out.members.back().second.loc.path = child_path;
      SkipSpace();
      if (pos_ >= text_.size()) return Fail("expected ',' or '}'");
      if (text_[pos_] == ',') {
        Advance();
        continue;
      }
      if (text_[pos_] == '}') {
        Advance();
        return true;
      }
      return Fail("expected ',' or '}'");
    }
  }

  bool ParseArray(Node& out, const std::string& path, int depth) {
    out.kind = Node::Kind::kArray;
    Advance();  // '['
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      Advance();
      return true;
    }
    while (true) {
      SkipSpace();
      if (pos_ < text_.size() && text_[pos_] == ']') return Fail("trailing comma before ']'");
      std::string child_path = JoinPointer(path, std::to_string(out.items.size()));
      out.items.emplace_back();
      if (!ParseValue(out.items.back(), child_path, depth + 1)) return false;
      out.items.back().loc.path = child_path;
      SkipSpace();
      if (pos_ >= text_.size()) return Fail("expected ',' or ']'");
      if (text_[pos_] == ',') {
        Advance();
        continue;
      }
      if (text_[pos_] == ']') {
        Advance();
        return true;
      }
      return Fail("expected ',' or ']'");
    }
  }

  bool ParseHex4(uint32_t& v) {
    v = 0;
    for (int i = 0; i < 4; ++i) {
      if (pos_ >= text_.size()) return Fail("short \\u escape");
      char c = text_[pos_];
      uint32_t d;
      if (c >= '0' && c <= '9') {
        d = static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        d = static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        d = static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return Fail("bad hex digit in \\u escape");
      }
      v = v * 16 + d;
      Advance();
    }
    return true;
  }

  static void AppendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool ParseString(std::string& out) {
    Advance();  // opening quote
    while (true) {
      if (pos_ >= text_.size()) return Fail("unterminated string");
      auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        Advance();
        return true;
      }
      if (c < 0x20) return Fail("control character in string (escape it)");
      if (c >= 0x80) {
        // RFC 8259 text is UTF-8; the YAML writer and other tools reject anything else.
        const size_t len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        if (len == 0 || (len == 3 && c > 0xEF)) return Fail("invalid UTF-8 in string");
        if (pos_ + len > text_.size()) return Fail("invalid UTF-8 in string");
        for (size_t k = 1; k < len; ++k) {
          if ((static_cast<unsigned char>(text_[pos_ + k]) & 0xC0) != 0x80) {
            return Fail("invalid UTF-8 in string");
          }
        }
        const auto c1 = static_cast<unsigned char>(text_[pos_ + 1]);
        if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) ||
            (c == 0xF4 && c1 > 0x8F)) {
          return Fail("invalid UTF-8 in string");  // overlong, surrogate or above U+10FFFF
        }
        out.append(text_.substr(pos_, len));
        for (size_t k = 0; k < len; ++k) Advance();
        continue;
      }
      if (c != '\\') {
        out += static_cast<char>(c);
        Advance();
        continue;
      }
      Advance();
      if (pos_ >= text_.size()) return Fail("unterminated escape");
      char e = text_[pos_];
      Advance();
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          uint32_t cp;
          if (!ParseHex4(cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (text_.substr(pos_, 2) != "\\u") return Fail("lone high surrogate in \\u escape");
            Advance();
            Advance();
            uint32_t lo;
            if (!ParseHex4(lo)) return false;
            if (lo < 0xDC00 || lo > 0xDFFF) return Fail("bad low surrogate in \\u escape");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return Fail("lone low surrogate in \\u escape");
          }
          AppendUtf8(out, cp);
          break;
        }
        default:
          return Fail(std::string("bad escape '\\") + e + "'");
      }
    }
  }

  bool IsDigit() const { return pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9'; }

  bool ParseNumber(Node& out) {
    out.kind = Node::Kind::kNumber;
    size_t start = pos_;
    if (text_[pos_] == '-') Advance();
    if (!IsDigit()) return Fail("expected digits in number");
    if (text_[pos_] == '0') {
      Advance();
      if (IsDigit()) return Fail("leading zeros are not allowed in numbers");
    } else {
      while (IsDigit()) Advance();
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      Advance();
      if (!IsDigit()) return Fail("expected digits after '.'");
      while (IsDigit()) Advance();
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      Advance();
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) Advance();
      if (!IsDigit()) return Fail("expected digits in exponent");
      while (IsDigit()) Advance();
    }
    out.text = std::string(text_.substr(start, pos_ - start));
    return true;
  }

  std::string_view text_;
  std::string_view file_;
  Diagnostics& diags_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  size_t line_start_ = 0;
};

}  // namespace

const Node* Node::Find(std::string_view key) const {
  for (const auto& [k, v] : members) {
    if (k == key) return &v;
  }
  return nullptr;
}

const char* NodeKindName(Node::Kind kind) {
  switch (kind) {
    case Node::Kind::kNull:
      return "null";
    case Node::Kind::kBool:
      return "boolean";
    case Node::Kind::kNumber:
      return "number";
    case Node::Kind::kString:
      return "string";
    case Node::Kind::kArray:
      return "array";
    case Node::Kind::kObject:
      return "object";
  }
  return "value";
}

std::string JoinPointer(std::string_view base, std::string_view token) {
  std::string out(base);
  out += '/';
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

std::string NodeToJson(const Node& node) {
  std::string out;
  switch (node.kind) {
    case Node::Kind::kNull:
      return "null";
    case Node::Kind::kBool:
      return node.text;
    case Node::Kind::kNumber:
      return node.text;
    case Node::Kind::kString:
      AppendJsonString(out, node.text);
      return out;
    case Node::Kind::kArray:
      out += '[';
      for (size_t i = 0; i < node.items.size(); ++i) {
        if (i) out += ',';
        out += NodeToJson(node.items[i]);
      }
      out += ']';
      return out;
    case Node::Kind::kObject:
      out += '{';
      for (size_t i = 0; i < node.members.size(); ++i) {
        if (i) out += ',';
        AppendJsonString(out, node.members[i].first);
        out += ':';
        out += NodeToJson(node.members[i].second);
      }
      out += '}';
      return out;
  }
  return out;
}

Result<Node> ParseJsonTree(std::string_view text, std::string_view file_name, Diagnostics& diags) {
  Node root;
  JsonReader reader(text, file_name, diags);
  if (!reader.Parse(root)) {
    return Fail(ErrorCode::kInvalidArgument, "invalid JSON in " + std::string(file_name));
  }
  return root;
}

}  // namespace syscage::profile
