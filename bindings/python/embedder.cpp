// The CNN embedder (module `_pristine_models`). Batches run with the GIL released; the calling thread
// re-takes it between steps only to check for Ctrl-C.
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "bindings.hpp"
#include "source_items.hpp"

#include "pristine/models/embedder.hpp"

namespace pristine::python {

namespace {

EmbedderInput input_from(const py::dict& d) {
    EmbedderInput in;
    for (const auto& [key_obj, value] : d) {
        const std::string key = py::str(key_obj);
        if (key == "width") in.width = value.cast<int>();
        else if (key == "height") in.height = value.cast<int>();
        else if (key == "fit") {
            const std::string v = value.cast<std::string>();
            if (v != "stretch" && v != "center_crop")
                throw Error(Status::invalid_argument, "input fit must be 'stretch' or 'center_crop', got '" + v + "'");
            in.fit = v == "stretch" ? EmbedderInput::Fit::stretch : EmbedderInput::Fit::center_crop;
        } else if (key == "filter") {
            const std::string v = value.cast<std::string>();
            if (v != "area" && v != "bilinear")
                throw Error(Status::invalid_argument, "input filter must be 'area' or 'bilinear', got '" + v + "'");
            in.filter = v == "area" ? EmbedderInput::Filter::area : EmbedderInput::Filter::bilinear;
        } else if (key == "align_corners") in.align_corners = value.cast<bool>();
        else if (key == "scale") in.scale = value.cast<float>();
        else if (key == "mean") in.mean = value.cast<std::array<float, 3>>();
        else if (key == "std") in.std = value.cast<std::array<float, 3>>();
        else throw Error(Status::invalid_argument, "unknown input option '" + key + "'");
    }
    return in;
}

py::dict input_dict(const EmbedderInput& in) {
    py::dict d;
    d["width"] = in.width;
    d["height"] = in.height;
    d["fit"] = in.fit == EmbedderInput::Fit::stretch ? "stretch" : "center_crop";
    d["filter"] = in.filter == EmbedderInput::Filter::area ? "area" : "bilinear";
    d["align_corners"] = in.align_corners;
    d["scale"] = in.scale;
    d["mean"] = py::make_tuple(in.mean[0], in.mean[1], in.mean[2]);
    d["std"] = py::make_tuple(in.std[0], in.std[1], in.std[2]);
    return d;
}

}  // namespace

void register_embedder(py::module_& m) {
    py::class_<Embedder>(m, "Embedder", "A loaded CNN embedder (use pristine.Embedder).")
        .def(py::init([](const py::object& model, int threads, const std::string& method, int normalize,
                         const py::object& input) {
                 EmbedderOptions o;
                 o.threads = threads;
                 o.method = method;
                 o.normalize = normalize;
                 if (!input.is_none()) {
                     o.input = input_from(input.cast<py::dict>());
                     o.override_input = true;
                 }
                 const bool has_path = !model.is_none();
                 const std::string path = has_path ? model.cast<std::string>() : std::string();
                 py::gil_scoped_release release;
                 return has_path ? Embedder::load(path, o) : Embedder::load_default(o);
             }),
             py::arg("model"), py::arg("threads"), py::arg("method"), py::arg("normalize"), py::arg("input"))
        .def_property_readonly("dim", &Embedder::dim)
        .def_property_readonly("name", &Embedder::name)
        .def_property_readonly("model_info", &Embedder::model_info)
        .def_property_readonly("normalizes", &Embedder::normalizes)
        .def_property_readonly("input", [](const Embedder& e) { return input_dict(e.input()); })
        // (float32 array N x dim with NaN rows for failures, [(index, path or None, status name, message), ...]).
        .def("embed_many", [](const Embedder& e, const py::list& inputs, int threads) {
            if (threads < 0) throw Error(Status::invalid_argument, "threads must be >= 0, got " + std::to_string(threads));
            std::vector<std::unique_ptr<Item>> items;
            items.reserve(inputs.size());
            for (const py::handle& obj : inputs) items.push_back(Item::from(obj, "embed"));
            const std::vector<ImageSource> sources = sources_of(items);
            const std::vector<EmbedResult> results = run_interruptible([&](const std::function<bool()>& cancel) {
                BatchOptions batch;
                batch.threads = threads;
                batch.cancel = cancel;
                return e.embed_sources(sources, batch);
            });
            const std::size_t d = e.dim();
            py::array_t<float> out({static_cast<py::ssize_t>(results.size()), static_cast<py::ssize_t>(d)});
            float* o = out.mutable_data();
            py::list failures;
            for (std::size_t i = 0; i < results.size(); ++i) {
                if (results[i].ok()) {
                    std::copy(results[i].vector.begin(), results[i].vector.end(), o + i * d);
                    continue;
                }
                std::fill(o + i * d, o + (i + 1) * d, std::numeric_limits<float>::quiet_NaN());
                const ImageSource& src = items[i]->source();
                failures.append(py::make_tuple(
                    i, src.kind == ImageSource::Kind::path ? py::object(py::str(src.path)) : py::object(py::none()),
                    status_name(results[i].status), results[i].error));
            }
            return py::make_tuple(out, failures);
        }, py::arg("inputs"), py::arg("threads"))
        // float32 array 8 x dim: the rotations/flips of one picture (pixels), identity first.
        .def("embed_dihedral", [](const Embedder& e, const py::array& pixels) {
            const ImageView v = view_of(pixels);
            std::vector<std::vector<float>> vs;
            {
                py::gil_scoped_release release;
                vs = e.embed_dihedral(v);
            }
            const std::size_t d = e.dim();
            py::array_t<float> out({static_cast<py::ssize_t>(vs.size()), static_cast<py::ssize_t>(d)});
            for (std::size_t i = 0; i < vs.size(); ++i) std::copy(vs[i].begin(), vs[i].end(), out.mutable_data() + i * d);
            return out;
        }, py::arg("pixels"));

    m.def("default_embedder_path", [] { return Embedder::default_model_path(); });
}

}  // namespace pristine::python
