// Umbrella header of pristine's header-first core: std + Eigen only, no library to link.
// Copy include/pristine into a project and include this to hash images without libpristine.
// The compiled parts have their own headers and need libpristine (target pristine::pristine):
// pristine/io/image_io.hpp (decode/encode), pristine/lab/degrade.hpp (lossy copies).
#pragma once

#include "pristine/version.hpp"
#include "pristine/error.hpp"
#include "pristine/image.hpp"
#include "pristine/color.hpp"
#include "pristine/dct.hpp"
#include "pristine/resize.hpp"
#include "pristine/filter.hpp"
#include "pristine/dihedral.hpp"
#include "pristine/blocks.hpp"
#include "pristine/spectrum.hpp"
#include "pristine/hash/hash.hpp"
