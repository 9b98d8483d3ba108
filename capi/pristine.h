/*
 * pristine.h — the stable C ABI of pristine (C99): everything, one header per area.
 *
 *   pristine_common.h  export macro, versions, status codes, the last error, the conventions of every call
 *   pristine_image.h   formats, metadata, decoding (pristine_image)
 *   pristine_hash.h    perceptual hashes and distances
 *   pristine_scorer.h  the generation-loss scorer (pristine_scorer); its functions return
 *                      PRISTINE_UNAVAILABLE when the library was built or installed without it
 *   pristine_embedder.h  the CNN embedder (pristine_embedder): descriptors compared by cosine distance;
 *                      PRISTINE_UNAVAILABLE without the models, like pristine_scorer.h
 *   pristine_index.h   the Hamming index of binary codes (pristine_hamming_index)
 *   pristine_dedupe.h  the dedupe job: groups of copies, the copy to keep (pristine_dedupe_report);
 *                      PRISTINE_UNAVAILABLE without the scorer, like pristine_scorer.h
 *
 * Link with -lpristine_c (pkg-config: pristine). Including a single area's header is fine too.
 */
#ifndef PRISTINE_H
#define PRISTINE_H

#include "pristine_common.h"
#include "pristine_image.h"
#include "pristine_hash.h"
#include "pristine_scorer.h"
#include "pristine_embedder.h"
#include "pristine_index.h"
#include "pristine_dedupe.h"
#include "pristine_moves.h"

#endif /* PRISTINE_H */
