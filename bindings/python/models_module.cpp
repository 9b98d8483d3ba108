// Entry point of the `_pristine_models` extension: the generation-loss scorer, its training and the dedupe
// job (links the models and lab libraries, and so libtorch). pristine/_scorer.py imports it the first
// time a scorer is made or dedupe runs, so that `import pristine` never loads libtorch.
#include "bindings.hpp"

PYBIND11_MODULE(_pristine_models, m) {
    m.doc() = "Native scorer of pristine, imported on first use (use the `pristine` package, not this module).";
    // Errors raised here are the classes of `_pristine` (pristine.Error and its subclasses).
    pristine::python::use_errors_of(pybind11::module_::import("pristine._pristine"));
    pristine::python::register_scorer(m);
    pristine::python::register_embedder(m);
    pristine::python::register_dedupe(m);
}
