// SPDX-License-Identifier: Apache-2.0
// The syscage executable: everything else is in libraries (ninja's "library plus main()").
#include "syscage/cli/commands.h"

int main(int argc, char** argv) { return syscage::cli::Main(argc, argv); }
