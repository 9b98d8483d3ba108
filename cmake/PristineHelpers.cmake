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

# A shared library of the project: pristine_add_shared_library(target ALIAS alias EXPORT_NAME name
#   SOVERSION so SOURCES ...). Hidden symbols by default; built with PRISTINE_BUILDING_LIBRARY; sees src/
# for its private headers; the project's warnings; exports only pristine:: symbols.
function(pristine_add_shared_library target)
  cmake_parse_arguments(arg "" "ALIAS;EXPORT_NAME;SOVERSION" "SOURCES" ${ARGN})
  add_library(${target} SHARED ${arg_SOURCES})
  add_library(${arg_ALIAS} ALIAS ${target})
  set_target_properties(${target} PROPERTIES
    EXPORT_NAME ${arg_EXPORT_NAME}
    VERSION ${PROJECT_VERSION}
    SOVERSION ${arg_SOVERSION})
  target_compile_definitions(${target} PRIVATE PRISTINE_BUILDING_LIBRARY)
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/src)
  pristine_set_warnings(${target})
  pristine_export_only_pristine(${target})
endfunction()
