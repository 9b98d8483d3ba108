# The dependency rules between pristine's targets (docs/architecture.md), checked on the sources and on
# the built libraries:
#   core    include/pristine/*.hpp, hash/, index/              -> std and Eigen only
#   io      include/pristine/io/, src/{io,hashing,collection,duplicates,provenance} -> core
#   models  include/pristine/models/, src/models             -> core, io (libtorch private)
#   lab     include/pristine/lab/, src/lab                    -> anything below it
# and: what ships for end users (libpristine, libpristine_c, the `pristine` executable, the Python core
# module) never loads libtorch, the models or the lab; the lab is never linked by the C ABI.
# Usage: cmake -DSOURCE_DIR=... -DREADELF=... -DCHECK_BINARIES="rule:name=path|..." -P check_dependencies.cmake
cmake_minimum_required(VERSION 3.18)
set(failures "")

# --- includes: "pristine/<folder>/" of a higher layer, or a third-party header the layer may not use
function(check_includes layer glob_list forbidden_regex)
  set(files "")
  foreach(g ${glob_list})
    file(GLOB matched ${SOURCE_DIR}/${g})
    list(APPEND files ${matched})
  endforeach()
  if(NOT files)
    set(failures "${failures}\n${layer}: no files matched ${glob_list}" PARENT_SCOPE)
    return()
  endif()
  set(found "")
  foreach(f ${files})
    file(STRINGS ${f} lines REGEX "^[ \t]*#[ \t]*include")
    foreach(line ${lines})
      if(line MATCHES "${forbidden_regex}")
        file(RELATIVE_PATH rel ${SOURCE_DIR} ${f})
        string(APPEND found "\n${layer}: ${rel}: ${line}")
      endif()
    endforeach()
  endforeach()
  set(failures "${failures}${found}" PARENT_SCOPE)
endfunction()

# The core: only std (<name>, no extension), Eigen and core headers.
# (the regex also flags <Eigen/Dense>, which is allowed: those lines are dropped right after)
check_includes(core "include/pristine/*.hpp;include/pristine/hash/*.hpp;include/pristine/index/*.hpp"
  "pristine/(io|models|lab)/|#[ \t]*include[ \t]*<[^>]*[./][^>]*>")
string(REGEX REPLACE "\n[^\n]*<Eigen/[^>\n]*>" "" failures "${failures}")
# ... and in quotes nothing but other pristine headers.
check_includes(core-quoted "include/pristine/*.hpp;include/pristine/hash/*.hpp;include/pristine/index/*.hpp"
  "#[ \t]*include[ \t]*\"([^p]|p[^r]|pr[^i]|pri[^s])")
check_includes(io "include/pristine/io/*.hpp;src/io/*.[ch]pp;src/hashing/*.[ch]pp;src/collection/*.[ch]pp;src/duplicates/*.[ch]pp;src/provenance/*.[ch]pp"
  "pristine/(models|lab)/|\"(models|lab)/|torch/")
check_includes(models "include/pristine/models/*.hpp;src/models/*.[ch]pp" "pristine/lab/|\"lab/")
# The JSON layer of results (src/json) serves the programs only.
check_includes(json-users "src/io/*.[ch]pp;src/hashing/*.[ch]pp;src/collection/*.[ch]pp;src/duplicates/*.[ch]pp;src/provenance/*.[ch]pp;src/models/*.[ch]pp;capi/*.[ch]pp;bindings/python/*.[ch]pp"
  "\"json/")
check_includes(public-headers "include/pristine/*.hpp;include/pristine/*/*.hpp;include/pristine/*/*/*.hpp"
  "torch/|nlohmann/")

# --- built binaries: the shared libraries each one needs directly (ELF DT_NEEDED)
if(READELF AND CHECK_BINARIES)
  string(REPLACE "|" ";" CHECK_BINARIES "${CHECK_BINARIES}")
  foreach(entry ${CHECK_BINARIES})
    string(REGEX MATCH "^([^=]+)=(.*)$" _ "${entry}")
    set(name ${CMAKE_MATCH_1})
    set(path ${CMAKE_MATCH_2})
    execute_process(COMMAND ${READELF} -d ${path} OUTPUT_VARIABLE out RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      string(APPEND failures "\n${name}: readelf failed on ${path}")
      continue()
    endif()
    string(REGEX MATCHALL "\\(NEEDED\\)[^\n]*\\[([^]]+)\\]" needed "${out}")
    if(name MATCHES "^light:")  # ships for end users: no torch, no models, no lab
      set(bad "libtorch|libc10|libpristine_models|libpristine_lab")
    elseif(name MATCHES "^models:")
      set(bad "libpristine_lab")
    else()
      string(APPEND failures "\n${name}: unknown rule (light: or models:)")
      continue()
    endif()
    foreach(n ${needed})
      if(n MATCHES "${bad}")
        string(APPEND failures "\n${name}: links ${n}")
      endif()
    endforeach()
  endforeach()
endif()

if(failures)
  message(FATAL_ERROR "dependency rules broken:${failures}")
endif()
message(STATUS "dependency rules hold")
