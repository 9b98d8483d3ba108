# bench_blocks: throughput of DCT-block entropy sampling. Header-first core only (no libpristine).
# Included from benchmarks/CMakeLists.txt.
add_executable(bench_blocks ${CMAKE_CURRENT_LIST_DIR}/bench_blocks.cpp)
target_link_libraries(bench_blocks PRIVATE pristine::core)
pristine_set_warnings(bench_blocks)
