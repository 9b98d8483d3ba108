// Perceptual hashes: of a file, encoded bytes or an array; batches over many files with the GIL
// released (the calling thread re-takes it only to check for Ctrl-C between items); distances.
#include <cstring>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "bindings.hpp"

#include "pristine/hash/hash.hpp"
#include "pristine/io/hash_file.hpp"

namespace pristine::python {

namespace {

HashKind kind_of(int kind) { return hash_kind_of_number(kind, "hash"); }

HashFileOptions file_options(bool dihedral, bool full_scale) {
    HashFileOptions o;
    o.dihedral = dihedral;
    o.max_scale_denom = full_scale ? 1 : 8;
    return o;
}

py::bytes to_bytes(const std::vector<std::uint8_t>& v) {
    return py::bytes(reinterpret_cast<const char*>(v.data()), v.size());
}

// (hash bytes, or a list of the 8 variants' bytes), pdq quality or -1.
py::tuple result_tuple(const PictureHashes& r, bool dihedral) {
    if (!dihedral) return py::make_tuple(to_bytes(r.hashes[0]), r.pdq_quality);
    py::list variants;
    for (const auto& v : r.dihedral[0]) variants.append(to_bytes(v));
    return py::make_tuple(variants, r.pdq_quality);
}

// A read-only view of a bytes-like object, held while the GIL is released.
class Buffer {
public:
    explicit Buffer(const py::object& source) {
        if (PyObject_GetBuffer(source.ptr(), &buffer_, PyBUF_SIMPLE) != 0) throw py::error_already_set();
    }
    ~Buffer() { PyBuffer_Release(&buffer_); }
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;
    const std::uint8_t* data() const { return static_cast<const std::uint8_t*>(buffer_.buf); }
    std::size_t size() const { return static_cast<std::size_t>(buffer_.len); }

private:
    Py_buffer buffer_{};
};

// A hash argument as bytes of the kind's size (bytes, bytearray, memoryview, uint8 array).
std::vector<std::uint8_t> hash_bytes(const py::object& h, HashKind k, const char* name) {
    const Buffer b(h);
    if (b.size() != hash_size_bytes(k))
        throw Error(Status::invalid_argument, std::string(name) + " must be a " + hash_kind_name(k) + " hash of " +
                                                  std::to_string(hash_size_bytes(k)) + " bytes, got " +
                                                  std::to_string(b.size()));
    return std::vector<std::uint8_t>(b.data(), b.data() + b.size());
}

}  // namespace

void register_hash(py::module_& m) {
    m.def("hash_kinds", [] {
        std::vector<std::pair<std::string, std::size_t>> out;
        for (const HashKindInfo& info : k_hash_kinds) out.emplace_back(info.name, info.bytes);
        return out;
    });

    m.def("hash_file", [](const std::string& path, int kind, bool dihedral, bool full_scale) {
        const HashKind k = kind_of(kind);
        HashFileResult r;
        {
            py::gil_scoped_release release;
            r = hash_file(path, {k}, file_options(dihedral, full_scale));
        }
        return result_tuple(r, dihedral);
    });

    m.def("hash_memory", [](const py::object& source, int kind, bool dihedral, bool full_scale) {
        const HashKind k = kind_of(kind);
        const Buffer bytes(source);
        HashFileResult r;
        {
            py::gil_scoped_release release;
            r = hash_memory(bytes.data(), bytes.size(), {k}, file_options(dihedral, full_scale));
        }
        return result_tuple(r, dihedral);
    });

    m.def("hash_array", [](const py::array& array, int kind, bool dihedral) {
        const HashKind k = kind_of(kind);
        const ImageView view = view_of(array);  // `array` stays referenced while the GIL is released
        HashPixelsOptions o;
        o.dihedral = dihedral;
        PictureHashes r;
        {
            py::gil_scoped_release release;
            r = hash_pixels(view, {k}, o);
        }
        return result_tuple(r, dihedral);
    });

    // (N x size or N x 8 x size uint8 array with zero rows for failures, N bool "ok" array,
    //  [(index, path, status name, message), ...] of the failures).
    m.def("hash_many", [](const std::vector<std::string>& paths, int kind, int threads, bool dihedral,
                          bool full_scale) {
        const HashKind k = kind_of(kind);
        const HashFileOptions o = file_options(dihedral, full_scale);
        const std::vector<HashFileResult> results = run_interruptible([&](const std::function<bool()>& cancel) {
            BatchOptions batch;
            batch.threads = threads;
            batch.cancel = cancel;
            return hash_files(paths, {k}, o, batch);
        });
        const std::size_t n = hash_size_bytes(k), variants = dihedral ? 8 : 1;
        std::vector<py::ssize_t> shape{static_cast<py::ssize_t>(paths.size())};
        if (dihedral) shape.push_back(8);
        shape.push_back(static_cast<py::ssize_t>(n));
        py::array_t<std::uint8_t> hashes(shape);
        py::array_t<bool> ok(static_cast<py::ssize_t>(paths.size()));
        std::uint8_t* out = hashes.mutable_data();
        bool* okp = ok.mutable_data();
        py::list failures;
        for (std::size_t i = 0; i < results.size(); ++i) {
            const HashFileResult& r = results[i];
            std::uint8_t* row = out + i * variants * n;
            okp[i] = r.ok();
            if (!r.ok()) {
                std::memset(row, 0, variants * n);
                failures.append(py::make_tuple(i, r.path, status_name(r.status), r.error));
                continue;
            }
            for (std::size_t t = 0; t < variants; ++t)
                std::memcpy(row + t * n, dihedral ? r.dihedral[0][t].data() : r.hashes[0].data(), n);
        }
        return py::make_tuple(hashes, ok, failures);
    });

    m.def("hash_distance", [](int kind, const py::object& a, const py::object& b, bool normalized) {
        const HashKind k = kind_of(kind);
        const auto ha = hash_bytes(a, k, "a"), hb = hash_bytes(b, k, "b");
        return normalized ? hash_distance_normalized(k, ha.data(), hb.data()) : hash_distance(k, ha.data(), hb.data());
    });

    m.def("hash_distance_dihedral", [](int kind, const std::vector<py::object>& a_variants, const py::object& b,
                                       bool normalized) {
        const HashKind k = kind_of(kind);
        if (a_variants.size() != 8)
            throw Error(Status::invalid_argument,
                        "a must hold the 8 dihedral variants, got " + std::to_string(a_variants.size()));
        std::array<std::vector<std::uint8_t>, 8> v;
        for (std::size_t t = 0; t < 8; ++t) v[t] = hash_bytes(a_variants[t], k, "each variant of a");
        const auto hb = hash_bytes(b, k, "b");
        const double d = hash_distance_dihedral(k, v, hb.data());
        return normalized ? normalize_hash_distance(k, d) : d;
    });
}

}  // namespace pristine::python
