// pristine::Error → Python exceptions. Each status has its own class under pristine.Error; a few also
// derive from the built-in exception Python code already catches (ValueError, OSError, MemoryError).
// `_pristine` creates the classes; `_pristine_models` uses the same ones (imported from `_pristine`).
#include <array>
#include <exception>

#include "bindings.hpp"

#include "pristine/error.hpp"

namespace pristine::python {

namespace {

constexpr int k_status_count = static_cast<int>(Status::unavailable) + 1;

// The class of each status: its name, the built-in base it also has (or none), its docstring.
struct ErrorClass {
    Status status;
    const char* name;
    PyObject* builtin;
    const char* doc;
};

std::array<ErrorClass, k_status_count - 1> error_classes() {
    return {{
        {Status::invalid_argument, "InvalidArgumentError", PyExc_ValueError, "A bad argument or option."},
        {Status::io_error, "FileError", PyExc_OSError, "A file could not be opened, read or written."},
        {Status::unsupported_format, "UnsupportedFormatError", nullptr, "The bytes are no format pristine decodes."},
        {Status::corrupt_data, "DecodeError", nullptr, "The format was recognised but the data is truncated or broken."},
        {Status::too_large, "ImageTooLargeError", nullptr, "The image has more pixels than max_pixels allows."},
        {Status::out_of_memory, "OutOfMemoryError", PyExc_MemoryError, "An allocation failed."},
        {Status::bad_file_version, "BadFileVersionError", nullptr, "A model/index file has a wrong magic, version or checksum."},
        {Status::cancelled, "CancelledError", nullptr, "The operation was interrupted."},
        {Status::internal, "InternalError", nullptr, "A bug in pristine; please report it."},
        {Status::unavailable, "UnavailableError", nullptr,
         "A component this call needs is not built or not installed (e.g. the scorer of a build without models)."},
    }};
}

constexpr const char k_base_name[] = "Error";

// Exception classes live as long as the interpreter; the handles are filled once at import
// (the modules are single-phase, so there is one set per process and module).
std::array<PyObject*, k_status_count> g_types{};
PyObject* g_base = nullptr;

PyObject* new_type(py::module_& m, const char* name, PyObject* bases, const char* doc) {
    const std::string qualified = std::string("pristine.") + name;
    PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases, nullptr);
    if (type == nullptr) throw py::error_already_set();
    m.add_object(name, py::handle(type));  // the module takes its own reference; ours is kept forever
    return type;
}

void raise(const Error& e) {
    const int code = static_cast<int>(e.status());
    PyObject* type = (code >= 0 && code < k_status_count && g_types[code]) ? g_types[code] : g_base;
    py::object exc = py::reinterpret_borrow<py::object>(type)(py::str(e.what()));
    exc.attr("status") = status_name(e.status());
    exc.attr("code") = code;
    PyErr_SetObject(type, exc.ptr());
}

void install_translator() {
    g_types[static_cast<int>(Status::ok)] = g_base;
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const Error& e) {
            raise(e);
        }
    });
}

}  // namespace

void register_errors(py::module_& m) {
    g_base = new_type(m, k_base_name, PyExc_Exception,
                      "Base of every pristine error. `status` is the stable status name (e.g. 'corrupt_data'), "
                      "`code` its number; str(e) is the library's message.");
    for (const ErrorClass& c : error_classes()) {
        py::tuple bases = c.builtin ? py::make_tuple(py::handle(g_base), py::handle(c.builtin))
                                    : py::make_tuple(py::handle(g_base));
        g_types[static_cast<int>(c.status)] = new_type(m, c.name, bases.ptr(), c.doc);
    }
    install_translator();
}

void use_errors_of(const py::module_& owner) {
    // Borrowed forever: `owner` (imported, so kept in sys.modules) holds a reference to each class.
    g_base = owner.attr(k_base_name).ptr();
    for (const ErrorClass& c : error_classes())
        g_types[static_cast<int>(c.status)] = owner.attr(c.name).ptr();
    install_translator();
}

}  // namespace pristine::python
