// One input of a batch of the models module (scorer, embedder): a path, the buffer of a bytes-like
// object or a view of a numpy array, prepared while the GIL is held so the batch can run without it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "pristine/image_source.hpp"

namespace pristine::python {

// One input of a batch, prepared while the GIL is held: a path, the buffer of a bytes-like object
// (held, so it cannot be resized meanwhile), or a view of a numpy array (the array is referenced).
class Item {
public:
    static std::unique_ptr<Item> from(const py::handle& obj, const char* verb = "score") {
        auto item = std::unique_ptr<Item>(new Item);
        if (py::isinstance<py::str>(obj)) {
            item->source_ = ImageSource::file(obj.cast<std::string>());
        } else if (py::isinstance<py::array>(obj)) {
            item->array_ = py::reinterpret_borrow<py::array>(obj);
            item->source_ = ImageSource::view(view_of(item->array_));
        } else if (PyObject_CheckBuffer(obj.ptr())) {
            if (PyObject_GetBuffer(obj.ptr(), &item->buffer_, PyBUF_SIMPLE) != 0) throw py::error_already_set();
            item->has_buffer_ = true;
            item->source_ = ImageSource::memory(static_cast<const std::uint8_t*>(item->buffer_.buf),
                                                static_cast<std::size_t>(item->buffer_.len));
        } else {
            throw Error(Status::invalid_argument, std::string("cannot ") + verb + " an object of type " +
                                                      Py_TYPE(obj.ptr())->tp_name +
                                                      "; pass a path, encoded bytes or a uint8 image array");
        }
        return item;
    }

    const ImageSource& source() const { return source_; }

    ~Item() {
        if (has_buffer_) PyBuffer_Release(&buffer_);  // destroyed with the GIL held
    }
    Item(const Item&) = delete;
    Item& operator=(const Item&) = delete;

private:
    Item() = default;
    ImageSource source_;
    py::array array_;
    Py_buffer buffer_{};
    bool has_buffer_ = false;
};

/// The sources of `items`, in order.
inline std::vector<ImageSource> sources_of(const std::vector<std::unique_ptr<Item>>& items) {
    std::vector<ImageSource> sources;
    sources.reserve(items.size());
    for (const auto& item : items) sources.push_back(item->source());
    return sources;
}

}  // namespace pristine::python
