// SPDX-License-Identifier: Apache-2.0
#include "syscage/bpf/passes/multiplexers.h"

#include <array>
#include <utility>

namespace syscage::bpf {
namespace {

// clang-format off
constexpr std::array<std::pair<std::string_view, SubCall>, 32> kSubCalls = {{
  {"socket", {"socketcall", 1}},       {"bind", {"socketcall", 2}},
  {"connect", {"socketcall", 3}},      {"listen", {"socketcall", 4}},
  {"accept", {"socketcall", 5}},       {"getsockname", {"socketcall", 6}},
  {"getpeername", {"socketcall", 7}},  {"socketpair", {"socketcall", 8}},
  {"send", {"socketcall", 9}},         {"recv", {"socketcall", 10}},
  {"sendto", {"socketcall", 11}},      {"recvfrom", {"socketcall", 12}},
  {"shutdown", {"socketcall", 13}},    {"setsockopt", {"socketcall", 14}},
  {"getsockopt", {"socketcall", 15}},  {"sendmsg", {"socketcall", 16}},
  {"recvmsg", {"socketcall", 17}},     {"accept4", {"socketcall", 18}},
  {"recvmmsg", {"socketcall", 19}},    {"sendmmsg", {"socketcall", 20}},
  {"semop", {"ipc", 1}},               {"semget", {"ipc", 2}},
  {"semctl", {"ipc", 3}},              {"semtimedop", {"ipc", 4}},
  {"msgsnd", {"ipc", 11}},             {"msgrcv", {"ipc", 12}},
  {"msgget", {"ipc", 13}},             {"msgctl", {"ipc", 14}},
  {"shmat", {"ipc", 21}},              {"shmdt", {"ipc", 22}},
  {"shmget", {"ipc", 23}},             {"shmctl", {"ipc", 24}},
}};
// clang-format on

}  // namespace

std::optional<SubCall> FindSubCall(std::string_view name) {
  for (const auto& [n, sub] : kSubCalls) {
    if (n == name) return sub;
  }
  return std::nullopt;
}

}  // namespace syscage::bpf
