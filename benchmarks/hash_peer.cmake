# bench_hash_peer: the hash-robustness evaluation (src/app/eval_hashes.cpp) on a folder of images,
# pristine's hashes side by side with OpenCV img_hash on the same distorted pixels. Built only when
# OpenCV's img_hash is installed (libopencv-contrib-dev); OpenCV is never a dependency of the library.
# Included from benchmarks/CMakeLists.txt.
find_package(OpenCV QUIET COMPONENTS core imgproc imgcodecs img_hash)
if(OpenCV_FOUND)
  set(_pristine_peer_ocv_libs ${OpenCV_LIBS})
  set(_pristine_peer_ocv_includes ${OpenCV_INCLUDE_DIRS})
else()
  # Debian's libopencv-contrib-dev alone ships no CMake config: look for the files.
  find_path(_pristine_peer_ocv_inc opencv2/img_hash.hpp PATH_SUFFIXES opencv4)
  find_library(_pristine_peer_ocv_img_hash opencv_img_hash)
  find_library(_pristine_peer_ocv_imgproc opencv_imgproc)
  find_library(_pristine_peer_ocv_core opencv_core)
  if(_pristine_peer_ocv_inc AND _pristine_peer_ocv_img_hash AND _pristine_peer_ocv_imgproc AND _pristine_peer_ocv_core)
    set(_pristine_peer_ocv_libs ${_pristine_peer_ocv_img_hash} ${_pristine_peer_ocv_imgproc} ${_pristine_peer_ocv_core})
    set(_pristine_peer_ocv_includes ${_pristine_peer_ocv_inc})
  endif()
endif()
if(_pristine_peer_ocv_libs)
  add_executable(bench_hash_peer ${CMAKE_CURRENT_LIST_DIR}/bench_hash_peer.cpp)
  target_link_libraries(bench_hash_peer PRIVATE pristine::pristine Threads::Threads ${_pristine_peer_ocv_libs})
  target_include_directories(bench_hash_peer SYSTEM PRIVATE ${_pristine_peer_ocv_includes})
  pristine_set_warnings(bench_hash_peer)
  message(STATUS "bench_hash_peer: OpenCV img_hash found")
else()
  message(STATUS "bench_hash_peer: OpenCV img_hash not found, skipped")
endif()
