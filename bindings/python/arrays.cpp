// numpy arrays ↔ image views, with messages that say how to fix a rejected array.
#include <string>

#include "bindings.hpp"

#include "pristine/error.hpp"

namespace pristine::python {

namespace {
[[noreturn]] void reject(const std::string& message) { throw Error(Status::invalid_argument, message); }

std::string tuple_of(const py::ssize_t* values, py::ssize_t n) {
    std::string s = "(";
    for (py::ssize_t i = 0; i < n; ++i) s += (i ? ", " : "") + std::to_string(values[i]);
    return s + (n == 1 ? ",)" : ")");
}

std::string shape_of(const py::array& a) { return tuple_of(a.shape(), a.ndim()); }
}  // namespace

ImageView view_of(const py::array& a) {
    if (a.dtype().kind() != 'u' || a.itemsize() != 1)
        reject("image array must have dtype uint8, got " + std::string(py::str(a.dtype())) +
               "; convert with numpy.clip(a, 0, 255).astype(numpy.uint8)");
    if (a.ndim() != 2 && a.ndim() != 3)
        reject("image array must have shape (H, W) or (H, W, C) with C = 1..4, got " + shape_of(a));
    const py::ssize_t channels = a.ndim() == 3 ? a.shape(2) : 1;
    if (channels < 1 || channels > 4)
        reject("image array must have 1 to 4 channels (grey, grey+alpha, RGB, RGBA), got shape " + shape_of(a));
    if (a.shape(0) <= 0 || a.shape(1) <= 0) reject("image array is empty: shape " + shape_of(a));
    if (a.shape(0) > INT32_MAX || a.shape(1) > INT32_MAX) reject("image array is too large: shape " + shape_of(a));
    // Rows may be apart (a crop of a larger array), but each row's pixels must be packed.
    const bool packed = (a.ndim() == 2 || a.strides(2) == 1) && a.strides(1) == channels && a.strides(0) > 0;
    if (!packed)
        reject("image array must have its pixels packed within each row (got strides " +
               tuple_of(a.strides(), a.ndim()) +
               "); pass numpy.ascontiguousarray(a)");
    ImageView v;
    v.data = static_cast<const std::uint8_t*>(a.data());
    v.width = static_cast<int>(a.shape(1));
    v.height = static_cast<int>(a.shape(0));
    v.channels = static_cast<int>(channels);
    v.stride = a.strides(0);
    return v;
}

py::array to_array(Image&& image) {
    auto* owned = new Image(std::move(image));
    py::capsule free_when_done(owned, [](void* p) { delete static_cast<Image*>(p); });
    const std::vector<py::ssize_t> shape{owned->height(), owned->width(), owned->channels()};
    const std::vector<py::ssize_t> strides{owned->stride(), owned->channels(), 1};
    return py::array_t<std::uint8_t>(shape, strides, owned->data(), free_when_done);
}

}  // namespace pristine::python
