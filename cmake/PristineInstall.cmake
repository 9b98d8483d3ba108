# Install rules: headers, libraries, a find_package(pristine) config and a pkg-config file for the C ABI.
include(CMakePackageConfigHelpers)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/pristine DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PRISTINE_C_HEADERS} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(_pristine_targets pristine_core pristine pristine_lab pristine_c)
if(TARGET pristine_models)
  list(APPEND _pristine_targets pristine_models)
endif()
install(TARGETS ${_pristine_targets}
  EXPORT pristineTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# The scorer plug-in of the C ABI: private (no target to import), loaded from libpristine_c's directory.
if(TARGET pristine_c_scorer)
  install(TARGETS pristine_c_scorer LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
endif()

set(PRISTINE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/pristine)
install(EXPORT pristineTargets NAMESPACE pristine:: DESTINATION ${PRISTINE_CMAKE_DIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/pristineConfig.cmake.in
  ${PROJECT_BINARY_DIR}/pristineConfig.cmake
  INSTALL_DESTINATION ${PRISTINE_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/pristineConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/pristineConfig.cmake ${PROJECT_BINARY_DIR}/pristineConfigVersion.cmake
  DESTINATION ${PRISTINE_CMAKE_DIR})

# The prefix is taken relative to the .pc file, so that `cmake --install --prefix <elsewhere>` works.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(PRISTINE_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH _pristine_pc_up "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
  string(REGEX REPLACE "/$" "" _pristine_pc_up "${_pristine_pc_up}")
  set(PRISTINE_PC_PREFIX "\${pcfiledir}/${_pristine_pc_up}")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/pristine.pc.in ${PROJECT_BINARY_DIR}/pristine.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/pristine.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
# The programs (bin/pristine, libexec/pristine/pristine-lab) install themselves: src/programs/cli.
