// The generation-loss scorer and its training (module `_pristine_models`). Batches run with the GIL
// released; the calling thread re-takes it between steps only to check for Ctrl-C. Training
// runs without the GIL; its callbacks re-take it to call Python, and a Python exception raised in one
// stops the training (after the epoch's files are written) and is re-raised unchanged.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "source_items.hpp"

#include "pristine/executor.hpp"
#include "pristine/image_source.hpp"
#include "pristine/models/scorer.hpp"
#include "pristine/lab/train.hpp"

namespace pristine::python {

namespace {

// Scores `items` in input order through Scorer::score_sources (decoding on `threads` workers, the
// network on this thread: running it inside workers would start threads x threads on the cores),
// with the GIL released and Ctrl-C checked while it runs. Failed items get a NaN score.
std::vector<ScoreResult> score_items(const Scorer& s, const std::vector<std::unique_ptr<Item>>& items, int threads) {
    const std::vector<ImageSource> sources = sources_of(items);
    std::vector<ScoreResult> results = run_interruptible([&](const std::function<bool()>& cancel) {
        BatchOptions batch;
        batch.threads = threads;
        batch.cancel = cancel;
        return s.score_sources(sources, batch);
    });
    for (ScoreResult& r : results)
        if (!r.ok()) r.score = std::numeric_limits<double>::quiet_NaN();
    return results;
}

py::dict epoch_dict(const TrainEpoch& e) {
    py::dict d;
    d["epoch"] = e.epoch;
    d["epochs"] = e.epochs;
    d["train_loss"] = e.train_loss;
    d["train_accuracy"] = e.train_accuracy;
    d["validation_accuracy"] = e.validation_accuracy < 0 ? py::object(py::none()) : py::float_(e.validation_accuracy);
    d["train_pairs"] = e.train_pairs;
    d["validation_pairs"] = e.validation_pairs;
    d["seconds"] = e.seconds;
    d["checkpoint"] = e.checkpoint;
    return d;
}

// Thrown through the trainer to stop it when a Python callback raised; the Python error is kept aside.
struct CallbackRaised : std::exception {
    const char* what() const noexcept override { return "a Python callback raised"; }
};

}  // namespace

void register_scorer(py::module_& m) {
    py::class_<Scorer>(m, "Scorer", "A loaded generation-loss model (use pristine.Scorer).")
        .def(py::init([](const py::object& model, int threads, int blocks) {
                 ScorerOptions o;
                 o.threads = threads;
                 o.blocks = blocks;
                 const bool has_path = !model.is_none();
                 const std::string path = has_path ? model.cast<std::string>() : std::string();
                 py::gil_scoped_release release;
                 return has_path ? Scorer::load(path, o) : Scorer::load_default(o);
             }),
             py::arg("model"), py::arg("threads"), py::arg("blocks"))
        .def_property_readonly("blocks", &Scorer::blocks)
        .def_property_readonly("model_info", &Scorer::model_info)
        // (scores float64 array with NaN for failures, [(index, path or None, status name, message), ...],
        // the failures in the shape of hash_many's).
        .def("score_many", [](const Scorer& s, const py::list& inputs, int threads) {
            if (threads < 0) throw Error(Status::invalid_argument, "threads must be >= 0, got " + std::to_string(threads));
            std::vector<std::unique_ptr<Item>> items;
            items.reserve(inputs.size());
            for (const py::handle& obj : inputs) items.push_back(Item::from(obj));
            const std::vector<ScoreResult> results = score_items(s, items, threads);
            py::array_t<double> scores(static_cast<py::ssize_t>(results.size()));
            double* out = scores.mutable_data();
            py::list failures;
            for (std::size_t i = 0; i < results.size(); ++i) {
                out[i] = results[i].score;
                if (results[i].status == Status::ok) continue;
                const ImageSource& src = items[i]->source();
                failures.append(py::make_tuple(i, src.kind == ImageSource::Kind::path ? py::object(py::str(src.path)) : py::object(py::none()),
                                               status_name(results[i].status), results[i].error));
            }
            return py::make_tuple(scores, failures);
        }, py::arg("inputs"), py::arg("threads"));

    m.def("default_model_path", [] { return Scorer::default_model_path(); });

    m.def("train_scorer", [](const std::vector<std::string>& image_dirs, const std::string& out, const py::dict& kw,
                             const py::object& progress, const py::object& log) {
        TrainOptions o;
        o.image_dirs = image_dirs;
        o.out = out;
        for (const auto& [key_obj, value] : kw) {
            const std::string key = py::str(key_obj);
            if (key == "epochs") o.epochs = value.cast<int>();
            else if (key == "groups_per_epoch") o.groups_per_epoch = value.cast<int>();
            else if (key == "pool_epochs") o.pool_epochs = value.cast<int>();
            else if (key == "batch_pairs") o.batch_pairs = value.cast<int>();
            else if (key == "steps_per_epoch") o.steps_per_epoch = value.cast<int>();
            else if (key == "learning_rate") o.learning_rate = value.cast<double>();
            else if (key == "seed") o.seed = value.cast<std::uint64_t>();
            else if (key == "threads") o.threads = value.cast<int>();
            else if (key == "validation_fraction") o.validation_fraction = value.cast<double>();
            else if (key == "validation_groups") o.validation_groups = value.cast<int>();
            else if (key == "resume") o.resume = value.cast<std::string>();
            else if (key == "aggregator") o.aggregator = parse_aggregator(value.cast<std::string>());
            else if (key == "blocks") o.blocks = value.cast<int>();
            else if (key == "width") o.width = value.cast<int>();
            else if (key == "conv_channels") o.conv_channels = value.cast<int>();
            else if (key == "max_side") o.max_side = value.cast<int>();
            else if (key == "comparator_k") o.comparator_k = value.cast<double>();
            else if (key == "max_images") o.max_images = value.cast<int>();
            else if (key == "synth_fraction") o.synth_fraction = value.cast<double>();
            else if (key == "cache_dir") o.cache_dir = value.cast<std::string>();
            else if (key == "train_k") o.train_k = value.cast<double>();
            else throw Error(Status::invalid_argument, "train_scorer: unknown option '" + key + "'");
        }
        // A Python exception raised by a callback (or a Ctrl-C seen there) is kept here and re-raised
        // once the trainer has unwound; it is only touched with the GIL held.
        std::shared_ptr<py::error_already_set> raised;
        const auto call = [&raised](const py::object& fn, const auto& make_arg) {
            py::gil_scoped_acquire acquire;
            if (raised) throw CallbackRaised();
            try {
                if (!fn.is_none()) fn(make_arg());
                if (PyErr_CheckSignals() != 0) throw py::error_already_set();
            } catch (py::error_already_set& e) {
                raised = std::make_shared<py::error_already_set>(std::move(e));
                throw CallbackRaised();
            }
        };
        // Progress is always installed, so that Ctrl-C is seen after each epoch even without a callback.
        o.progress = [&](const TrainEpoch& e) { call(progress, [&] { return epoch_dict(e); }); };
        if (!log.is_none()) o.log = [&](const std::string& message) { call(log, [&] { return py::str(message); }); };
        TrainResult r;
        try {
            py::gil_scoped_release release;
            r = train_scorer(o);
        } catch (...) {
            // Whatever the trainer made of the stop (it may wrap or swallow exceptions of its own
            // threads), the callback's Python exception is the one to raise.
            if (raised) throw py::error_already_set(std::move(*raised));
            throw;
        }
        if (raised) throw py::error_already_set(std::move(*raised));
        py::dict d;
        d["epochs_run"] = r.epochs_run;
        d["best_validation_accuracy"] =
            r.best_validation_accuracy < 0 ? py::object(py::none()) : py::float_(r.best_validation_accuracy);
        d["best_epoch"] = r.best_epoch;
        d["train_images"] = r.train_images;
        d["validation_images"] = r.validation_images;
        d["model_path"] = r.model_path;
        return d;
    }, py::arg("image_dirs"), py::arg("out"), py::arg("options"), py::arg("progress"), py::arg("log"));
}

}  // namespace pristine::python
