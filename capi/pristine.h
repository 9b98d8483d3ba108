/*
 * pristine.h — the stable C ABI of pristine (C99): everything, one header per area.
 *
 *   pristine_common.h  export macro, versions, status codes, the last error, the conventions of every call
 *   pristine_image.h   formats, metadata, decoding (pristine_image)
 *   pristine_hash.h    perceptual hashes and distances
 *   pristine_scorer.h  the generation-loss scorer (pristine_scorer); its functions return
 *                      PRISTINE_UNAVAILABLE when the library was built or installed without it
 *
 * Link with -lpristine_c (pkg-config: pristine). Including a single area's header is fine too.
 */
#ifndef PRISTINE_H
#define PRISTINE_H

#include "pristine_common.h"
#include "pristine_image.h"
#include "pristine_hash.h"
#include "pristine_scorer.h"

#endif /* PRISTINE_H */
