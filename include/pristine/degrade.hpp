// Degraded copies of images: resampling, distortions, re-encode chains, the hash distortion set.
// Everything lives in namespace pristine::degrade and is part of the compiled library.
#pragma once

#include "pristine/degrade/chain.hpp"
#include "pristine/degrade/distort.hpp"
#include "pristine/degrade/distortion_set.hpp"
#include "pristine/degrade/resize.hpp"
#include "pristine/degrade/rng.hpp"
#include "pristine/degrade/synth.hpp"
