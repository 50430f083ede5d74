// sys.stdout / sys.stderr of a program: text written into the run's output capture.
#include "python/bind_common.h"

namespace condlab::python::bind {

namespace {

class OutputW final : public Bound {
  public:
    explicit OutputW(bool is_stderr) : m_stderr(is_stderr) {}
    void detach() noexcept override {}
    std::size_t write(py::handle text) {
        RunContext* r = current_run();
        if (!PyUnicode_Check(text.ptr()))
            throw type_error(std::string("write() argument must be str, not ") +
                             Py_TYPE(text.ptr())->tp_name);
        Py_ssize_t n = 0;
        const char* utf8 = PyUnicode_AsUTF8AndSize(text.ptr(), &n);
        py::object encoded; // lone surrogates: encoded with the stream's error handler
        if (!utf8) {
            PyErr_Clear();
            encoded = steal_or_throw(PyUnicode_AsEncodedString(text.ptr(), "utf-8", errors()));
            utf8 = PyBytes_AS_STRING(encoded.ptr());
            n = PyBytes_GET_SIZE(encoded.ptr());
        }
        std::size_t chars = static_cast<std::size_t>(PyUnicode_GET_LENGTH(text.ptr()));
        if (!attached() || !r || r->output.closed)
            return chars;
        OutputStream& s = m_stderr ? r->output.err : r->output.out;
        if (!s.write(std::string_view(utf8, static_cast<std::size_t>(n)))) {
            r->abort(BudgetKind::Output);
            throw py::error_already_set();
        }
        return chars;
    }
    /// CPython's under a UTF-8 locale (C.UTF-8): a lone surrogate from os.fsdecode goes out
    /// as its byte on stdout, escaped on stderr; other lone surrogates fail on stdout.
    [[nodiscard]] const char* errors() const {
        return m_stderr ? "backslashreplace" : "surrogateescape";
    }

  private:
    bool m_stderr;
};

/// sys.stdout.buffer: bytes written as UTF-8 text into the same capture (an undecodable
/// byte becomes U+FFFD).
class BinaryOutputW final : public Bound {
  public:
    explicit BinaryOutputW(py::object text) : m_text(std::move(text)) {}
    void detach() noexcept override {}
    std::size_t write(py::handle data) {
        Py_buffer view;
        if (PyObject_GetBuffer(data.ptr(), &view, PyBUF_SIMPLE) < 0)
            throw py::error_already_set();
        py::object text = steal_or_throw(
            PyUnicode_DecodeUTF8(static_cast<const char*>(view.buf), view.len, "replace"));
        std::size_t n = static_cast<std::size_t>(view.len);
        PyBuffer_Release(&view);
        m_text.cast<OutputW&>().write(text);
        return n;
    }

  private:
    py::object m_text;
};

} // namespace

void define_output(py::module_& m) {
    py::class_<OutputW, Bound>(m, "_CondlabOutput")
        .def(py::init([](bool is_stderr) { return std::make_unique<OutputW>(is_stderr); }))
        .def("write", &OutputW::write)
        .def("flush", [](OutputW&) {})
        .def("isatty", [](OutputW&) { return false; })
        .def("writable", [](OutputW&) { return true; })
        .def("readable", [](OutputW&) { return false; })
        .def("seekable", [](OutputW&) { return false; })
        .def_property_readonly("encoding", [](OutputW&) { return "utf-8"; })
        .def_property_readonly("errors", [](OutputW& w) { return w.errors(); })
        .def_property_readonly("closed", [](OutputW&) { return false; })
        .def_property_readonly("buffer", [](py::object self) {
            return std::make_unique<BinaryOutputW>(std::move(self));
        });
    py::class_<BinaryOutputW, Bound>(m, "_CondlabBinaryOutput")
        .def("write", &BinaryOutputW::write)
        .def("flush", [](BinaryOutputW&) {})
        .def("writable", [](BinaryOutputW&) { return true; })
        .def_property_readonly("closed", [](BinaryOutputW&) { return false; });

    m.def("_new_output",
          [](bool is_stderr) { return py::cast(std::make_unique<OutputW>(is_stderr)); });
}

} // namespace condlab::python::bind
