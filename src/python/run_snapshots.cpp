// RunSnapshots (run_snapshots.h): labels of primitives, bounded reprs of the program's
// variables for the timeline's variable view, the queues' contents.
#include "python/run_snapshots.h"

#include "python/run_context.h"

#include "trace/background_recorder.h"

#include "python/awaitables.h"
#include "python/errors.h"
#include "python/interpreter.h"
#include "python/interpreter_frames.h"
#include "runtime/queue.h"

#include <frameobject.h>

#include <algorithm>
#include <cstring>
#include <set>

namespace condlab::python {

std::string bounded_repr(PyObject* value) {
    constexpr std::size_t kMax = 80;
    PyObject* r = nullptr;
    bool big_container = false;
    if (PyList_Check(value) || PyTuple_Check(value) || PyDict_Check(value) ||
        PyAnySet_Check(value)) {
        Py_ssize_t n = PyObject_Length(value);
        if (n < 0)
            PyErr_Clear();
        big_container = n > 24;
    }
    if (big_container) {
        static PyObject* reprlib_repr = nullptr;
        if (!reprlib_repr) {
            PyObject* mod = PyImport_ImportModule("reprlib");
            if (mod) {
                reprlib_repr = PyObject_GetAttrString(mod, "repr");
                Py_DECREF(mod);
            }
            if (!reprlib_repr)
                PyErr_Clear();
        }
        if (reprlib_repr)
            r = PyObject_CallOneArg(reprlib_repr, value);
    }
    if (!r) {
        PyErr_Clear();
        r = PyObject_Repr(value);
    }
    if (!r) {
        PyErr_Clear();
        return "<repr failed>";
    }
    Py_ssize_t n = 0;
    const char* utf8 = PyUnicode_AsUTF8AndSize(r, &n);
    std::string s =
        utf8 ? std::string(utf8, static_cast<std::size_t>(n)) : std::string("<repr failed>");
    if (!utf8)
        PyErr_Clear();
    Py_DECREF(r);
    // Addresses differ from run to run: " at 0x7f..." is dropped to keep traces deterministic.
    for (std::size_t pos = s.find(" at 0x"); pos != std::string::npos;
         pos = s.find(" at 0x", pos)) {
        std::size_t end = pos + 6;
        while (end < s.size() && std::isxdigit(static_cast<unsigned char>(s[end])))
            ++end;
        s.erase(pos, end - pos);
    }
    if (s.size() > kMax) {
        std::size_t cut = kMax - 3;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
            --cut;
        s.resize(cut);
        s += "...";
    }
    return s;
}

namespace {
/// What a coroutine (or generator) awaits: a new reference, or nullptr (error cleared).
PyObject* awaited_by(PyObject* coro) {
    PyObject* obj =
        PyObject_GetAttrString(coro, PyCoro_CheckExact(coro) ? "cr_await" : "gi_yieldfrom");
    if (!obj)
        PyErr_Clear();
    return obj;
}
} // namespace

bool snapshot_skips(PyObject* value) {
    return PyModule_Check(value) || PyType_Check(value) || PyFunction_Check(value) ||
           PyCFunction_Check(value) || PyMethod_Check(value) || is_condlab_object(value);
}

void RunSnapshots::snapshot_scope(TaskId, PyObject* dict, const std::string& prefix,
                                  std::vector<std::pair<std::string, std::string>>& out) const {
    if (!dict || !PyDict_Check(dict))
        return;
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(dict, &pos, &key, &value)) {
        if (!PyUnicode_Check(key))
            continue;
        const char* k = PyUnicode_AsUTF8(key);
        if (!k) {
            PyErr_Clear();
            continue;
        }
        if (k[0] == '_' && k[1] == '_')
            continue; // __name__, __builtins__, ...
        if (snapshot_skips(value))
            continue;
        out.emplace_back(prefix + k, bounded_repr(value));
    }
}

void RunSnapshots::snapshot_globals() {
    if (!m_run.recorder() || !m_run.options.line_trace || !m_run.recording() || !m_run.main_globals)
        return;
    std::vector<std::pair<std::string, std::string>> vars;
    snapshot_scope(kNoTask, m_run.main_globals.ptr(), "", vars);
    Snapshot snap;
    snap.entries.reserve(vars.size());
    for (auto& [name, repr] : vars)
        snap.entries.push_back(SnapshotEntry{kNoTask, name, repr});
    m_run.recorder()->attach_snapshot_now(std::move(snap), SnapshotMode::Merge);
}

void RunSnapshots::after_task_step(TaskState& task, PyObject* coro, PyObject* top_frame) {
    if (!m_run.recording())
        return;
    report_queue_contents();
    const bool want_snapshot = m_run.options.line_trace && m_run.observer.recorder;
    if (!want_snapshot && m_pending_labels.empty())
        return;
    std::vector<std::pair<std::string, std::string>> globals_vars, task_vars;
    if (want_snapshot)
        snapshot_scope(kNoTask, m_run.main_globals.ptr(), "", globals_vars);
    // The task's coroutine chain: the outermost program frame's locals plain, nested ones
    // prefixed with their function name. The outermost frame comes from `top_frame`, which
    // still has its locals when the coroutine has just returned.
    bool first = true;
    auto visit = [&](PyFrameObject* f) {
        PyCodeObject* code = PyFrame_GetCode(f);
        if (m_run.is_program_code(code)) {
            PyObject* locals = PyFrame_GetLocals(f);
            if (locals) {
                if (!m_pending_labels.empty())
                    scan_labels(locals);
                if (want_snapshot) {
                    std::string prefix;
                    if (!first) {
                        const char* qn = PyUnicode_AsUTF8(code->co_qualname);
                        prefix = std::string(qn ? qn : "?") + ".";
                    }
                    snapshot_scope(task.id(), locals, prefix, task_vars);
                }
                first = false;
                Py_DECREF(locals);
            }
            PyErr_Clear();
        }
        Py_DECREF(code);
    };
    if (top_frame && PyFrame_Check(top_frame))
        visit(reinterpret_cast<PyFrameObject*>(top_frame));
    PyObject* obj = coro ? awaited_by(coro) : nullptr;
    for (int depth = 0; obj && depth < 32; ++depth) {
        if (!PyCoro_CheckExact(obj) && !PyGen_Check(obj))
            break;
        const bool is_coro = PyCoro_CheckExact(obj);
        PyObject* frame = PyObject_GetAttrString(obj, is_coro ? "cr_frame" : "gi_frame");
        if (frame && PyFrame_Check(frame))
            visit(reinterpret_cast<PyFrameObject*>(frame));
        Py_XDECREF(frame);
        PyObject* next = awaited_by(obj);
        Py_DECREF(obj);
        obj = next;
    }
    Py_XDECREF(obj);
    if (!m_pending_labels.empty())
        scan_labels(nullptr);
    if (want_snapshot && m_run.recorder()) {
        Snapshot snap;
        snap.entries.reserve(globals_vars.size() + task_vars.size());
        for (auto& [name, repr] : globals_vars)
            snap.entries.push_back(SnapshotEntry{kNoTask, std::move(name), std::move(repr)});
        for (auto& [name, repr] : task_vars)
            snap.entries.push_back(SnapshotEntry{task.id(), std::move(name), std::move(repr)});
        m_run.recorder()->attach_snapshot_now(std::move(snap), SnapshotMode::Merge);
    }
}

void RunSnapshots::track_queue(Ref<Queue> queue) {
    constexpr std::size_t kMaxTracked = 32;
    if (!m_run.recording() || !m_run.observer.recorder || m_queues.size() >= kMaxTracked)
        return;
    m_queues.push_back(TrackedQueue{std::move(queue), {}});
}

void RunSnapshots::report_queue_contents() {
    if (m_queues.empty() || !m_run.recorder() || !m_run.recording())
        return;
    constexpr std::size_t kMaxItems = 32;
    for (TrackedQueue& t : m_queues) {
        std::vector<std::any> items = t.queue->contents();
        std::vector<std::string> reprs;
        reprs.reserve(std::min(items.size(), kMaxItems + 1));
        for (std::size_t i = 0; i < items.size() && i < kMaxItems; ++i) {
            try {
                py::object obj = to_python(items[i]);
                reprs.push_back(bounded_repr(obj.ptr()));
            } catch (py::error_already_set&) {
                PyErr_Clear();
                reprs.emplace_back("?");
            }
        }
        if (items.size() > kMaxItems)
            reprs.push_back("... " + std::to_string(items.size() - kMaxItems) + " more");
        if (reprs != t.reported) {
            m_run.recorder()->object_contents(t.queue->id(), reprs);
            t.reported = std::move(reprs);
        }
    }
}

void RunSnapshots::add_pending_label(ObjectId id, const void* key) {
    if (!m_run.recording())
        return;
    m_pending_labels.push_back(PendingLabel{id, key, 0});
}

void RunSnapshots::forget_pending_label(const void* key) noexcept {
    std::erase_if(m_pending_labels, [key](const PendingLabel& p) { return p.key == key; });
}

namespace {

bool is_plain_instance(PyObject* v) {
    return !PyModule_Check(v) && !PyType_Check(v) && !PyFunction_Check(v) &&
           !PyCFunction_Check(v) && !PyMethod_Check(v);
}

} // namespace

namespace {

/// Offers `label` the items one level below a variable `name`: list / tuple items, dict
/// values, instance attributes (64 at most each).
template <class Label> void label_parts(PyObject* value, const std::string& name, Label& label) {
    if (PyList_Check(value) || PyTuple_Check(value)) {
        Py_ssize_t n = PySequence_Fast_GET_SIZE(value);
        PyObject** items = PySequence_Fast_ITEMS(value);
        for (Py_ssize_t i = 0; i < n && i < 64; ++i)
            label(items[i], name + "[" + std::to_string(i) + "]");
        return;
    }
    PyObject *k2, *v2;
    Py_ssize_t pos2 = 0;
    int budget = 64;
    if (PyDict_Check(value)) {
        while (budget-- > 0 && PyDict_Next(value, &pos2, &k2, &v2)) {
            PyObject* r = PyObject_Repr(k2);
            const char* rk = r ? PyUnicode_AsUTF8(r) : nullptr;
            if (rk)
                label(v2, name + "[" + rk + "]");
            else
                PyErr_Clear();
            Py_XDECREF(r);
        }
        return;
    }
    if (!is_plain_instance(value))
        return;
    PyObject** dictptr = _PyObject_GetDictPtr(value);
    if (!dictptr || !*dictptr || !PyDict_Check(*dictptr))
        return;
    while (budget-- > 0 && PyDict_Next(*dictptr, &pos2, &k2, &v2)) {
        if (!PyUnicode_Check(k2))
            continue;
        const char* attr = PyUnicode_AsUTF8(k2);
        if (attr)
            label(v2, name + "." + attr);
        else
            PyErr_Clear();
    }
}

} // namespace

void RunSnapshots::scan_labels(PyObject* frame_locals) {
    if (m_pending_labels.empty())
        return;
    auto label = [this](PyObject* value, const std::string& name) {
        const void* key = primitive_key(value);
        if (!key)
            return false;
        for (std::size_t i = 0; i < m_pending_labels.size(); ++i) {
            if (m_pending_labels[i].key == key) {
                ObjectId id = m_pending_labels[i].id;
                m_pending_labels.erase(m_pending_labels.begin() + static_cast<std::ptrdiff_t>(i));
                m_run.loop().set_label(id, name);
                return true;
            }
        }
        return false;
    };
    auto scan_dict = [&](PyObject* dict) {
        if (!dict || !PyDict_Check(dict))
            return;
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        while (!m_pending_labels.empty() && PyDict_Next(dict, &pos, &key, &value)) {
            if (!PyUnicode_Check(key))
                continue;
            const char* k = PyUnicode_AsUTF8(key);
            if (!k) {
                PyErr_Clear();
                continue;
            }
            if (!label(value, k))
                label_parts(value, k, label);
        }
    };
    if (frame_locals != m_run.main_globals.ptr())
        scan_dict(frame_locals);
    scan_dict(m_run.main_globals.ptr());
    for (PendingLabel& p : m_pending_labels)
        ++p.scans;
    std::erase_if(m_pending_labels, [](const PendingLabel& p) { return p.scans > 200; });
}

} // namespace condlab::python
