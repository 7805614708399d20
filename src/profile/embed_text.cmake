# SPDX-License-Identifier: Apache-2.0
# cmake -DIN=file -DOUT=file.cc -DFUNC=Name -P embed_text.cmake
# Writes a C++ file defining syscage::profile::FUNC() returning IN's bytes, as a char array (no
# raw-string delimiter can collide with the data).
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" len)
math(EXPR size "${len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUT}.tmp"
"// GENERATED from ${IN} by embed_text.cmake - DO NOT EDIT\n"
"#include <string_view>\n"
"namespace syscage::profile {\n"
"namespace {\n"
"constexpr char kData[] = {\n${bytes}0};\n"
"}  // namespace\n"
"std::string_view ${FUNC}() { return std::string_view(kData, ${size}); }\n"
"}  // namespace syscage::profile\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
