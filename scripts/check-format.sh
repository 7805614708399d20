#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# clang-format --dry-run -Werror on the C/C++ files tracked by git (libseccomp's check-syntax).
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files '*.cc' '*.h' '*.c' | xargs -r clang-format --dry-run -Werror
echo "check-format: ok"
