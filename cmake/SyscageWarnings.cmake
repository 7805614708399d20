# SPDX-License-Identifier: Apache-2.0
# Warning and sanitizer flags for every syscage target (ARCHITECTURE.md 2.11: -Wall -Wextra -Wshadow
# -Wconversion, -Werror in dev and CI).
add_library(syscage_warnings INTERFACE)
target_compile_options(syscage_warnings INTERFACE
  -Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion -Wnon-virtual-dtor
  $<$<BOOL:${SYSCAGE_WERROR}>:-Werror>)
# GCC 12 at -O2/-O3 reports -Wrestrict inside libstdc++'s std::string operator+ (GCC bug 105329,
# a false positive); keep the warning on every other compiler.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(syscage_warnings INTERFACE -Wno-restrict)
endif()

add_library(syscage_sanitizers INTERFACE)
if(SYSCAGE_SANITIZE)
  target_compile_options(syscage_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(syscage_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
