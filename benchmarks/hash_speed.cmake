# bench_hash_speed: decode + hash speed on JPEG photos against the libjpeg-turbo floor and OpenCV
# img_hash (imread + compute), plus the bit agreement of reduced-scale decoding. OpenCV is optional:
# without it the peer columns are left out. Included from benchmarks/CMakeLists.txt.
find_package(JPEG REQUIRED)
add_executable(bench_hash_speed ${CMAKE_CURRENT_LIST_DIR}/bench_hash_speed.cpp)
target_link_libraries(bench_hash_speed PRIVATE pristine::pristine JPEG::JPEG Threads::Threads)
pristine_set_warnings(bench_hash_speed)

# Debian's libopencv-contrib-dev ships no CMake config (libopencv-dev does): fall back to the files.
find_package(OpenCV QUIET COMPONENTS core imgcodecs img_hash)
if(OpenCV_FOUND)
  set(_pristine_speed_ocv_libs ${OpenCV_LIBS})
  set(_pristine_speed_ocv_includes ${OpenCV_INCLUDE_DIRS})
else()
  find_path(_pristine_speed_ocv_includes opencv2/img_hash.hpp PATH_SUFFIXES opencv4)
  find_library(_pristine_speed_ocv_img_hash opencv_img_hash)
  find_library(_pristine_speed_ocv_imgcodecs opencv_imgcodecs)
  find_library(_pristine_speed_ocv_core opencv_core)
  if(_pristine_speed_ocv_includes AND _pristine_speed_ocv_img_hash AND _pristine_speed_ocv_imgcodecs
     AND _pristine_speed_ocv_core)
    set(_pristine_speed_ocv_libs ${_pristine_speed_ocv_img_hash} ${_pristine_speed_ocv_imgcodecs}
                                 ${_pristine_speed_ocv_core})
  endif()
endif()
if(_pristine_speed_ocv_libs)
  target_link_libraries(bench_hash_speed PRIVATE ${_pristine_speed_ocv_libs})
  target_include_directories(bench_hash_speed SYSTEM PRIVATE ${_pristine_speed_ocv_includes})
  target_compile_definitions(bench_hash_speed PRIVATE PRISTINE_BENCH_WITH_OPENCV=1)
  message(STATUS "bench_hash_speed: comparing with OpenCV img_hash")
else()
  message(STATUS "bench_hash_speed: OpenCV img_hash not found, peer columns skipped")
endif()
