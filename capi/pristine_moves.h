/*
 * pristine_moves.h — setting duplicates aside safely: the copies a dedupe report does not keep are moved
 * under a folder of their own (never deleted, never over another file), every move journalled before it
 * starts, so that pristine_undo_moves (or `pristine undo JOURNAL`) puts every file back, even after a run
 * was killed half-way. The same moves as `pristine dedupe --move-duplicates` (docs/dedupe.md).
 * Part of the stable C ABI of pristine (C99); include <pristine.h> for all of it. The conventions shared by
 * every function are in pristine_common.h.
 */
#ifndef PRISTINE_MOVES_H
#define PRISTINE_MOVES_H

#include "pristine_common.h"
#include "pristine_dedupe.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The result of pristine_dedupe_move_duplicates or pristine_undo_moves. Immutable: any thread may read it. */
typedef struct pristine_move_report pristine_move_report;

/* What happened to one file. Set struct_size = sizeof before the call. Strings belong to the report. */
typedef struct pristine_move_outcome {
    size_t struct_size;
    const char* from;    /* moves: the file's path; undo: where it was moved to */
    const char* to;      /* moves: its place under the destination (the free name chosen); undo: its
                          * original place */
    int32_t status;      /* a pristine_status: PRISTINE_OK, or why the file stayed where it was */
    const char* message; /* empty when OK */
} pristine_move_outcome;

/* Moves every member of `report` that is neither kept nor a reference file to `destination`, under its
 * place in the input it was found in (`inputs[0..input_count)`: the paths given to pristine_dedupe; a file
 * found in folder "photos" as "photos/2019/a.jpg" goes to DESTINATION/photos/2019/a.jpg). A name already
 * taken gets a free one. Each move is written to `journal` (created, or appended to when it is a journal
 * of this format) before it starts. With dry_run = 1 the same plan is reported and nothing is written.
 * One outcome per file, in report order: a file that cannot move says why and the others still go.
 * On success *out receives the report (free it with pristine_move_report_free); on failure *out is NULL.
 * Errors: INVALID_ARGUMENT (NULL report, out, destination, or journal unless dry_run; dry_run not 0/1;
 * a NULL inputs[i]), IO_ERROR (the journal cannot be created, locked or written before anything moved),
 * BAD_FILE_VERSION (the journal file is something else; it is left untouched), OUT_OF_MEMORY. */
PRISTINE_C_API pristine_status pristine_dedupe_move_duplicates(const pristine_dedupe_report* report,
                                                               const char* const* inputs, size_t input_count,
                                                               const char* destination, const char* journal,
                                                               int32_t dry_run, pristine_move_report** out);

/* Puts back every file the journal's moves took away, the last move first, never over a file that
 * appeared at the original place since, and removes the folders the moves made once they are empty. The
 * outcomes are the files put back (OK) and those that could not be (with why); undoing twice restores
 * nothing the second time (pristine_move_report_already_in_place counts those moves).
 * Errors: INVALID_ARGUMENT (NULL journal or out; dry_run not 0/1), IO_ERROR (the journal cannot be
 * read, locked or written), BAD_FILE_VERSION (not a move journal), OUT_OF_MEMORY. */
PRISTINE_C_API pristine_status pristine_undo_moves(const char* journal, int32_t dry_run, pristine_move_report** out);

/* Release a report. NULL is accepted and ignored. */
PRISTINE_C_API void pristine_move_report_free(pristine_move_report* report);
/* Number of outcomes; 0 for NULL. */
PRISTINE_C_API size_t pristine_move_report_count(const pristine_move_report* report);
/* Outcome i (0 <= i < count). Errors: INVALID_ARGUMENT (NULL, struct_size too small, i out of range). */
PRISTINE_C_API pristine_status pristine_move_report_outcome(const pristine_move_report* report, size_t i,
                                                            pristine_move_outcome* out);
/* The absolute path of the journal written ("" for a dry run or an undo); "" for NULL. Never NULL. */
PRISTINE_C_API const char* pristine_move_report_journal(const pristine_move_report* report);
/* Undo: moves of the journal whose file was at its original place already; 0 otherwise or for NULL. */
PRISTINE_C_API size_t pristine_move_report_already_in_place(const pristine_move_report* report);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PRISTINE_MOVES_H */
