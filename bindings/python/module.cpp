// Entry point of the `_pristine` extension (image I/O, hashes, the Hamming index, moving duplicates aside;
// links libpristine, never libtorch). The scorer is in `_pristine_models` (models_module.cpp). The public,
// typed API is pristine/__init__.py.
#include "bindings.hpp"

#include "pristine/version.hpp"

PYBIND11_MODULE(_pristine, m) {
    m.doc() = "Native part of pristine (use the `pristine` package, not this module).";
    m.attr("__version__") = PRISTINE_PYTHON_VERSION;
    m.attr("version_number") = pristine::k_version;
    pristine::python::register_errors(m);
    pristine::python::register_io(m);
    pristine::python::register_hash(m);
    pristine::python::register_index(m);
    pristine::python::register_moves(m);
}
