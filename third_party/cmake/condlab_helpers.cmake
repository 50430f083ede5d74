# Helper functions for tests/ and bench/ subdirectories. Included from the top-level
# CMakeLists.txt, so every directory can call them.
include_guard(GLOBAL)
include(GoogleTest)

# CONDLAB_GTEST_SHARDS: 0 registers every TEST() as its own ctest; N > 0 (the asan preset)
# registers each test binary as N ctests, GoogleTest's shards (GTEST_SHARD_INDEX).
set(CONDLAB_GTEST_SHARDS 0 CACHE STRING "ctests per GoogleTest binary (0: one per TEST)")

# condlab_add_gtest(<name> SOURCES <src>... [LIBS <lib>...] [LABELS <label>...]
#                   [ENVIRONMENT <VAR=value>...] [NO_MAIN])
# Builds a GoogleTest executable (linked with gtest_main + gmock unless NO_MAIN) and
# registers every TEST() as a ctest via gtest_discover_tests (or as CONDLAB_GTEST_SHARDS
# shards). The label defaults to the name of the calling directory (tests/runtime -> "runtime").
function(condlab_add_gtest name)
  cmake_parse_arguments(ARG "NO_MAIN" "" "SOURCES;LIBS;LABELS;ENVIRONMENT" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "condlab_add_gtest(${name}): SOURCES is required")
  endif()
  if(NOT ARG_LABELS)
    get_filename_component(ARG_LABELS ${CMAKE_CURRENT_SOURCE_DIR} NAME)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gmock)
  if(ARG_NO_MAIN)
    target_link_libraries(${name} PRIVATE GTest::gtest)
  else()
    target_link_libraries(${name} PRIVATE GTest::gtest_main)
  endif()
  if(CONDLAB_GTEST_SHARDS GREATER 0)
    # One process per shard: under the sanitizers a process start (the interpreter, the
    # font atlas) costs about a second, which one process per TEST() pays a thousand times.
    foreach(shard RANGE 1 ${CONDLAB_GTEST_SHARDS})
      math(EXPR index "${shard} - 1")
      set(test ${name}.shard${shard}of${CONDLAB_GTEST_SHARDS})
      add_test(NAME ${test} COMMAND ${name} WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
      set(env GTEST_TOTAL_SHARDS=${CONDLAB_GTEST_SHARDS} GTEST_SHARD_INDEX=${index}
              ${ARG_ENVIRONMENT})
      set_tests_properties(${test} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT 1500
                                              ENVIRONMENT "${env}")
    endforeach()
    return()
  endif()
  set(props LABELS "${ARG_LABELS}")
  if(ARG_ENVIRONMENT)
    list(APPEND props ENVIRONMENT "${ARG_ENVIRONMENT}")
  endif()
  gtest_discover_tests(${name}
    WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}
    DISCOVERY_TIMEOUT 60
    PROPERTIES ${props})
endfunction()

# condlab_add_benchmark(<name> SOURCES <src>... [LIBS <lib>...] [NO_MAIN])
# Builds a Google Benchmark executable (linked with benchmark_main unless NO_MAIN, and with
# CLI11 for its command line, bench/bench_args.h).
# Benchmarks are not registered with ctest: run them by hand (DESIGN.md, testing tier 4).
function(condlab_add_benchmark name)
  cmake_parse_arguments(ARG "NO_MAIN" "" "SOURCES;LIBS" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "condlab_add_benchmark(${name}): SOURCES is required")
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} benchmark::benchmark CLI11::CLI11) # bench/bench_args.h
  if(NOT ARG_NO_MAIN)
    target_link_libraries(${name} PRIVATE benchmark::benchmark_main)
  endif()
endfunction()

# condlab_add_toolchain_test(<name> SOURCES <src>... LIBS <lib>...)
# A plain program that proves one dependency works; exit code 0 = pass.
function(condlab_add_toolchain_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS})
  add_test(NAME toolchain.${name} COMMAND ${name} WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  set_tests_properties(toolchain.${name} PROPERTIES LABELS toolchain TIMEOUT 60)
endfunction()

# condlab_optimize_across_files(<target>): link-time optimisation of a hot layer in release
# builds. A wake-up crosses loop.cpp, task.cpp, coro.cpp and the primitive's file; inlining
# across them measured 5-7% less time per operation in bench_runtime. Debug and asan
# builds keep plain per-file compilation.
include(CheckIPOSupported)
check_ipo_supported(RESULT CONDLAB_IPO_SUPPORTED LANGUAGES CXX)
function(condlab_optimize_across_files target)
  if(CONDLAB_IPO_SUPPORTED)
    set_property(TARGET ${target} PROPERTY INTERPROCEDURAL_OPTIMIZATION_RELEASE ON)
  endif()
endfunction()
