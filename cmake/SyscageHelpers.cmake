# SPDX-License-Identifier: Apache-2.0
# syscage_add_library(NAME SRCS ... DEPS ... [PRIVATE_DEPS ...])
#   Static library syscage_<NAME> with alias syscage::<NAME>. DEPS are PUBLIC, PRIVATE_DEPS private.
# syscage_add_test(NAME SRCS ... DEPS ... LABELS ...)
#   GoogleTest binary registered with ctest labels (ctest -L unit).
function(syscage_add_library name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(syscage_${name} STATIC ${ARG_SRCS})
  add_library(syscage::${name} ALIAS syscage_${name})
  target_include_directories(syscage_${name} PUBLIC
    $<BUILD_INTERFACE:${SYSCAGE_INCLUDE_ROOT}> $<INSTALL_INTERFACE:include>)
  target_link_libraries(syscage_${name}
    PUBLIC ${ARG_DEPS}
    PRIVATE ${ARG_PRIVATE_DEPS} syscage_warnings syscage_sanitizers)
  set_target_properties(syscage_${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()

function(syscage_add_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main
    syscage_warnings syscage_sanitizers)
  target_compile_definitions(${name} PRIVATE
    SYSCAGE_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    SYSCAGE_BINARY_DIR="${PROJECT_BINARY_DIR}")
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST
    PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT})
endfunction()
