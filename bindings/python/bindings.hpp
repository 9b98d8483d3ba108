// Internal declarations shared by the files of the extension modules: `_pristine` (image I/O and hashes;
// never loads libtorch) and `_pristine_models` (the scorer and its training; imported on first use).
#pragma once

#include <functional>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "pristine/error.hpp"
#include "pristine/image.hpp"

namespace pristine::python {

namespace py = pybind11;

/// Creates the exception hierarchy (pristine.Error and subclasses) in `m` and installs the translator
/// that turns a pristine::Error into the subclass for its status, carrying the library's message.
void register_errors(py::module_& m);

/// The same translation in another module, with the classes `register_errors` made in `owner`.
void use_errors_of(const py::module_& owner);

/// Binds decoding, probing, colour counting and encoding.
void register_io(py::module_& m);

/// Binds the perceptual hashes: of files, bytes and arrays, batches, distances.
void register_hash(py::module_& m);

/// Binds the Hamming index (`HammingIndex`).
void register_index(py::module_& m);

/// Binds the journalled moves of a dedupe report's duplicates and their undo.
void register_moves(py::module_& m);

/// Binds the dedupe job (`_pristine_models`).
void register_dedupe(py::module_& m);

/// Binds the generation-loss scorer (loading, batch scoring) and its training (`_pristine_models`).
void register_scorer(py::module_& m);
void register_embedder(py::module_& m);

/// A view of a numpy array's pixels. Throws Error(invalid_argument) with a message saying how to fix
/// the array unless it is uint8, H×W or H×W×C (C = 1..4), with each row's pixels packed. The array must
/// outlive the view (callers keep the py::array alive while the GIL is released).
ImageView view_of(const py::array& array);

/// Moves an image into a new H×W×C uint8 array without copying the pixels (the array owns the image).
py::array to_array(Image&& image);

/// Runs `batch` (a call of the library's executor, e.g. hash_files) with the GIL released, giving it a
/// `cancel` callback that re-takes the GIL to check for Ctrl-C. A pending KeyboardInterrupt is raised
/// (py::error_already_set) once the batch has stopped.
template <class Batch>
auto run_interruptible(Batch&& batch) -> decltype(batch(std::function<bool()>{})) {
    bool interrupted = false;
    const std::function<bool()> cancel = [&interrupted] {
        py::gil_scoped_acquire acquire;
        interrupted = PyErr_CheckSignals() != 0;  // a KeyboardInterrupt is now pending
        return interrupted;
    };
    try {
        py::gil_scoped_release release;
        return batch(cancel);
    } catch (const Error& e) {
        if (interrupted && e.status() == Status::cancelled) throw py::error_already_set();
        throw;
    }
}

}  // namespace pristine::python
