// Symbol visibility of the compiled library. The library builds with -fvisibility=hidden;
// only declarations marked PRISTINE_API are exported.
#pragma once

#if defined(_WIN32)
#  if defined(PRISTINE_BUILDING_LIBRARY)
#    define PRISTINE_API __declspec(dllexport)
#  else
#    define PRISTINE_API __declspec(dllimport)
#  endif
#else
#  define PRISTINE_API __attribute__((visibility("default")))
#endif

// For types whose type_info must be shared across shared-library boundaries (exceptions), even when
// defined inline in the header-first core.
#if defined(_WIN32)
#  define PRISTINE_VISIBLE_TYPE
#else
#  define PRISTINE_VISIBLE_TYPE __attribute__((visibility("default")))
#endif
