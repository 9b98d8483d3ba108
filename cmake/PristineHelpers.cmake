# Warnings used by every target of the project (not exported to consumers).
function(pristine_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  endif()
endfunction()

# Export only pristine's own C++ API from a shared library (ELF linkers): without the version script,
# instances of libtorch and std templates that libtorch's headers mark visible would leak into the ABI.
function(pristine_export_only_pristine target)
  if(CMAKE_SYSTEM_NAME MATCHES "Linux|BSD" OR CMAKE_SYSTEM_NAME STREQUAL "GNU")
    set(_map ${PROJECT_SOURCE_DIR}/cmake/pristine_cxx.map)
    target_link_options(${target} PRIVATE "LINKER:--version-script=${_map}")
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${_map})
  endif()
endfunction()
