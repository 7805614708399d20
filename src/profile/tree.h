// SPDX-License-Identifier: Apache-2.0
// A small document tree with a source location on every node, shared by the JSON and YAML
// readers so one decoder (decode.cc) maps both onto the Profile model with the same strict type
// checks. nlohmann gives no positions and keeps the last of duplicate keys, so JSON is read by
// our own parser (parse_json.cc); YAML goes through libyaml's events and marks (parse_yaml.cc).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "syscage/base/diagnostics.h"
#include "syscage/base/result.h"

namespace syscage::profile {

struct Node {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  // kString: the decoded string; kNumber: the number's text; kBool: "true"/"false".
  std::string text;
  // YAML plain (unquoted) scalar: its type is decided by the reader of the field (`value: 38` is
  // a number, `action: SCMP_ACT_ALLOW` a string), as Kubernetes' YAML-to-JSON step does.
  bool plain_scalar = false;
  std::vector<Node> items;                            // kArray
  std::vector<std::pair<std::string, Node>> members;  // kObject, in file order
  SourceLoc loc;  // where the value starts, with its JSON pointer in loc.path

  // The member named `key`, or nullptr.
  const Node* Find(std::string_view key) const;
};

// "string", "number", ... for messages.
const char* NodeKindName(Node::Kind kind);

// Appends "/token" (RFC 6901 escaped) to a JSON pointer.
std::string JoinPointer(std::string_view base, std::string_view token);

// Parses JSON (RFC 8259) into a Node tree with a location for every value. Duplicate keys, trailing
// commas, comments, bad escapes, lone surrogates and nesting deeper than 200 are errors. Errors go
// to `diags` as "file:line:col: ..."; the result is then kInvalidArgument.
Result<Node> ParseJsonTree(std::string_view text, std::string_view file_name, Diagnostics& diags);

// Parses (multi-document) YAML into one Node per document; duplicate keys are errors (YAML 1.2
// requires unique keys). Aliases are expanded, at most 1000000 nodes. kInvalidArgument after
// diagnostics on errors.
Result<std::vector<Node>> ParseYamlTrees(std::string_view text, std::string_view file_name,
                                         Diagnostics& diags);

// Compact JSON text of a node (numbers keep their text, strings are escaped). For kept unknown
// fields.
std::string NodeToJson(const Node& node);

// Appends `s` as a JSON string literal (quotes and escapes) to `out`.
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace syscage::profile
