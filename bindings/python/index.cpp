// The Hamming index (module `_pristine`): numpy arrays in and out, the GIL released while the index
// works. pristine/_index.py checks and converts the caller's arguments; these functions check shapes
// again, so that the native module alone never reads past a buffer.
#include <array>
#include <string>
#include <vector>

#include "bindings.hpp"

#include "pristine/index/hamming_index.hpp"

namespace pristine::python {

namespace {

using Codes = py::array_t<std::uint8_t, py::array::c_style>;
using Ids = py::array_t<std::uint64_t, py::array::c_style>;

[[noreturn]] void bad(const std::string& message) { throw Error(Status::invalid_argument, message); }

// (ids, distances) arrays of matches.
py::tuple matches_arrays(const std::vector<HammingMatch>& m) {
    Ids ids(static_cast<py::ssize_t>(m.size()));
    py::array_t<std::int32_t> distances(static_cast<py::ssize_t>(m.size()));
    std::uint64_t* i = ids.mutable_data();
    std::int32_t* d = distances.mutable_data();
    for (std::size_t k = 0; k < m.size(); ++k) i[k] = m[k].id, d[k] = m[k].distance;
    return py::make_tuple(ids, distances);
}

// Runs `query` (a search of the index) without the GIL; its matches as arrays.
template <class Query>
py::tuple search(Query&& query) {
    std::vector<HammingMatch> found;
    {
        py::gil_scoped_release release;
        found = query();
    }
    return matches_arrays(found);
}

// A query: one code of the index's size.
const std::uint8_t* query_of(const HammingIndex& ix, const Codes& q) {
    if (q.ndim() != 1 || static_cast<std::size_t>(q.shape(0)) != ix.code_bytes())
        bad("the query must be one code of " + std::to_string(ix.code_bytes()) + " bytes");
    return q.data();
}

}  // namespace

void register_index(py::module_& m) {
    py::class_<HammingIndex>(m, "HammingIndex", "Binary codes under ids (use pristine.HammingIndex).")
        .def(py::init<std::size_t>(), py::arg("code_bytes"))
        .def_property_readonly("code_bytes", &HammingIndex::code_bytes)
        // Every call that locks the index releases the GIL first: pairs_within re-takes the GIL (to see
        // Ctrl-C) while it holds the index's lock.
        .def("__len__", &HammingIndex::size, py::call_guard<py::gil_scoped_release>())
        .def("contains", &HammingIndex::contains, py::arg("id"), py::call_guard<py::gil_scoped_release>())
        // ids: (n,) uint64; codes: (n, code_bytes) uint8. All or nothing.
        .def("add", [](HammingIndex& ix, const Ids& ids, const Codes& codes) {
            if (ids.ndim() != 1) bad("ids must be a 1-D array");
            if (codes.ndim() != 2 || static_cast<std::size_t>(codes.shape(1)) != ix.code_bytes() ||
                codes.shape(0) != ids.shape(0))
                bad("codes must be an array of " + std::to_string(ids.shape(0)) + " x " + std::to_string(ix.code_bytes()) +
                    " bytes (one code per id)");
            const std::size_t n = static_cast<std::size_t>(ids.shape(0));
            py::gil_scoped_release release;
            ix.add(ids.data(), n, codes.data());
        }, py::arg("ids"), py::arg("codes"))
        .def("remove", &HammingIndex::remove, py::arg("id"), py::call_guard<py::gil_scoped_release>())
        .def("search_knn", [](const HammingIndex& ix, const Codes& query, std::size_t k) {
            const std::uint8_t* q = query_of(ix, query);
            return search([&] { return ix.search_knn(q, k); });
        }, py::arg("query"), py::arg("k"))
        .def("search_radius", [](const HammingIndex& ix, const Codes& query, int radius) {
            const std::uint8_t* q = query_of(ix, query);
            return search([&] { return ix.search_radius(q, radius); });
        }, py::arg("query"), py::arg("radius"))
        // variants: (8, code_bytes) uint8, the order of pristine.hash(..., dihedral=True).
        .def("search_radius_dihedral", [](const HammingIndex& ix, const Codes& variants, int radius) {
            const std::size_t n = ix.code_bytes();
            if (variants.ndim() != 2 || variants.shape(0) != 8 || static_cast<std::size_t>(variants.shape(1)) != n)
                bad("the variants must be 8 codes of " + std::to_string(n) + " bytes (an 8 x " + std::to_string(n) + " array)");
            std::array<std::vector<std::uint8_t>, 8> v;
            for (std::size_t t = 0; t < 8; ++t) v[t].assign(variants.data() + t * n, variants.data() + (t + 1) * n);
            return search([&] { return ix.search_radius_dihedral(v, radius); });
        }, py::arg("variants"), py::arg("radius"))
        // ((n, 2) uint64 ids, (n,) int32 distances); Ctrl-C stops it.
        .def("pairs_within", [](const HammingIndex& ix, int radius, int threads) {
            if (threads < 0) bad("threads must be >= 0, got " + std::to_string(threads));
            const std::vector<HammingPair> pairs = run_interruptible([&](const std::function<bool()>& cancel) {
                BatchOptions batch;
                batch.threads = threads;
                batch.cancel = cancel;
                return ix.pairs_within(radius, batch);
            });
            Ids ids({static_cast<py::ssize_t>(pairs.size()), py::ssize_t{2}});
            py::array_t<std::int32_t> distances(static_cast<py::ssize_t>(pairs.size()));
            std::uint64_t* i = ids.mutable_data();
            std::int32_t* d = distances.mutable_data();
            for (std::size_t k = 0; k < pairs.size(); ++k) {
                i[2 * k] = pairs[k].a;
                i[2 * k + 1] = pairs[k].b;
                d[k] = pairs[k].distance;
            }
            return py::make_tuple(ids, distances);
        }, py::arg("radius"), py::arg("threads"));
}

}  // namespace pristine::python
