// pristine — version numbers of the C++ headers.
// The C ABI has its own copy in capi/pristine.h; CMake reads the project version from here.
#pragma once

#define PRISTINE_VERSION_MAJOR 0
#define PRISTINE_VERSION_MINOR 1
#define PRISTINE_VERSION_PATCH 0

namespace pristine {
/// Version of the headers this translation unit was compiled with, as major*10000 + minor*100 + patch.
constexpr int k_version = PRISTINE_VERSION_MAJOR * 10000 + PRISTINE_VERSION_MINOR * 100 + PRISTINE_VERSION_PATCH;
}  // namespace pristine
