// Degraded copies of images: resampling, distortions, re-encode chains, the hash distortion set.
// Everything lives in namespace pristine::degrade and is part of the compiled library.
#pragma once

#include "pristine/lab/degrade/chain.hpp"
#include "pristine/lab/degrade/distort.hpp"
#include "pristine/lab/degrade/distortion_set.hpp"
#include "pristine/lab/degrade/resize.hpp"
#include "pristine/lab/degrade/rng.hpp"
#include "pristine/lab/degrade/synth.hpp"
