# bench_hash_seed: robustness and speed of the seed hashes, side by side with OpenCV img_hash when
# it is installed (libopencv-contrib-dev). Header-first core only. Included from benchmarks/CMakeLists.txt.
add_executable(bench_hash_seed ${CMAKE_CURRENT_LIST_DIR}/bench_hash_seed.cpp)
target_link_libraries(bench_hash_seed PRIVATE pristine::core Threads::Threads)
pristine_set_warnings(bench_hash_seed)

# Debian's libopencv-contrib-dev ships headers and libraries but no CMake config (that comes with
# libopencv-dev), so look for the files when the config is missing. The peer is optional.
find_package(OpenCV QUIET COMPONENTS core imgproc img_hash)
if(OpenCV_FOUND)
  set(_pristine_ocv_libs ${OpenCV_LIBS})
  set(_pristine_ocv_includes ${OpenCV_INCLUDE_DIRS})
else()
  find_path(_pristine_ocv_includes opencv2/img_hash.hpp PATH_SUFFIXES opencv4)
  find_library(_pristine_ocv_img_hash opencv_img_hash)
  find_library(_pristine_ocv_imgproc opencv_imgproc)
  find_library(_pristine_ocv_core opencv_core)
  if(_pristine_ocv_includes AND _pristine_ocv_img_hash AND _pristine_ocv_imgproc AND _pristine_ocv_core)
    set(_pristine_ocv_libs ${_pristine_ocv_img_hash} ${_pristine_ocv_imgproc} ${_pristine_ocv_core})
  endif()
endif()
if(_pristine_ocv_libs)
  target_link_libraries(bench_hash_seed PRIVATE ${_pristine_ocv_libs})
  target_include_directories(bench_hash_seed SYSTEM PRIVATE ${_pristine_ocv_includes})
  target_compile_definitions(bench_hash_seed PRIVATE PRISTINE_BENCH_WITH_OPENCV=1)
  message(STATUS "bench_hash_seed: comparing with OpenCV img_hash")
else()
  message(STATUS "bench_hash_seed: OpenCV img_hash not found, pristine figures only")
endif()
