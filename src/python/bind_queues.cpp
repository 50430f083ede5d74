// Bindings of runtime/queue.h: Queue, LifoQueue, PriorityQueue (hot methods are raw C-API
// methods, see bind_common.h).
#include "python/bind_primitive.h"
#include "runtime/queue.h"

#include <cmath>

namespace condlab::python::bind {

namespace {

class QueueW : public PrimitiveW {
  public:
    QueueW(Ref<Queue> queue, py::object maxsize)
        : q(std::move(queue)), maxsize(std::move(maxsize)) {
        register_label(q->id());
        run().snapshots.track_queue(q);
    }
    void detach() noexcept override { q = nullptr; }
    Queue& get() const {
        run();
        return *q;
    }
    Ref<Queue> q;
    py::object maxsize;
    LoopBinding finished_binding{}; // join()'s `self._finished` Event
};

class LifoQueueW final : public QueueW {
  public:
    using QueueW::QueueW;
};
class PriorityQueueW final : public QueueW {
  public:
    using QueueW::QueueW;
};

std::int64_t queue_maxsize(const py::object& maxsize) {
    if (PyFloat_Check(maxsize.ptr()))
        return static_cast<std::int64_t>(std::ceil(maxsize.cast<double>()));
    return maxsize.cast<std::int64_t>();
}

bool python_less(const std::any& a, const std::any& b) {
    const auto* x = std::any_cast<py::object>(&a);
    const auto* y = std::any_cast<py::object>(&b);
    if (!x || !y)
        return PriorityQueue::default_less(a, b);
    int r = PyObject_RichCompareBool(x->ptr(), y->ptr(), Py_LT);
    if (r < 0)
        throw_python_error();
    return r != 0;
}

std::string queue_format(QueueW& w) {
    Queue& q = w.get();
    std::string s = "maxsize=" + repr_of(w.maxsize);
    std::vector<std::any> items = q.contents();
    if (!items.empty()) {
        py::list l;
        for (const std::any& it : items)
            l.append(to_python(it));
        s += " _queue=" + repr_of(l);
    }
    if (!q.getters().empty())
        s += " _getters[" + std::to_string(q.getters().size()) + "]";
    if (!q.putters().empty())
        s += " _putters[" + std::to_string(q.putters().size()) + "]";
    if (q.unfinished_tasks())
        s += " tasks=" + std::to_string(q.unfinished_tasks());
    return s;
}

// The `_get_loop()` of get() on an empty queue, put() on a full one, and join()'s
// `self._finished.wait()` while tasks are unfinished (the Event's own loop binding).
std::unique_ptr<CoroutineBackend> check_get(PyObject* self) {
    QueueW* w = fast_self<QueueW>(self);
    if (w->get().empty())
        w->binding.get_loop(w->run(), self);
    return nullptr;
}
std::unique_ptr<CoroutineBackend> check_put(PyObject* self) {
    QueueW* w = fast_self<QueueW>(self);
    if (w->get().full())
        w->binding.get_loop(w->run(), self);
    return nullptr;
}
std::unique_ptr<CoroutineBackend> check_join(PyObject* self) {
    QueueW* w = fast_self<QueueW>(self);
    if (w->get().unfinished_tasks() > 0)
        w->finished_binding.get_loop(w->run(), "<asyncio.locks.Event object at " +
                                                   address(&w->finished_binding) + " [unset]>");
    return nullptr;
}

PyObject* fast_queue_get(PyObject* self, PyObject*) {
    return guarded([&] {
        QueueW* w = fast_self<QueueW>(self);
        return new_native_awaitable(loop_bound(w->binding, w->run(),
                                               make_backend(w->get().get(w->run().current_loc())),
                                               self, &check_get),
                                    "Queue.get");
    });
}
PyObject* fast_queue_put(PyObject* self, PyObject* item) {
    return guarded([&] {
        QueueW* w = fast_self<QueueW>(self);
        auto put = make_backend(w->get().put(std::any(py::reinterpret_borrow<py::object>(item)),
                                             w->run().current_loc()));
        return new_native_awaitable(
            loop_bound(w->binding, w->run(), std::move(put), self, &check_put), "Queue.put");
    });
}
PyObject* fast_queue_get_nowait(PyObject* self, PyObject*) {
    return guarded(
        [&] { return to_python(fast_self<QueueW>(self)->get().get_nowait()).release().ptr(); });
}
PyObject* fast_queue_put_nowait(PyObject* self, PyObject* item) {
    return guarded([&] {
        fast_self<QueueW>(self)->get().put_nowait(
            std::any(py::reinterpret_borrow<py::object>(item)));
        return Py_NewRef(Py_None);
    });
}
PyObject* fast_queue_task_done(PyObject* self, PyObject*) {
    return guarded([&] {
        fast_self<QueueW>(self)->get().task_done();
        return Py_NewRef(Py_None);
    });
}
PyObject* fast_queue_qsize(PyObject* self, PyObject*) {
    return guarded([&] { return PyLong_FromSize_t(fast_self<QueueW>(self)->get().qsize()); });
}
PyObject* fast_queue_empty(PyObject* self, PyObject*) {
    return guarded([&] { return PyBool_FromLong(fast_self<QueueW>(self)->get().empty()); });
}
PyObject* fast_queue_full(PyObject* self, PyObject*) {
    return guarded([&] { return PyBool_FromLong(fast_self<QueueW>(self)->get().full()); });
}

} // namespace

void define_queues(py::module_& m) {
    py::class_<QueueW, PrimitiveW> queue(m, "Queue");
    queue
        .def(py::init([](py::object maxsize, py::kwargs) {
                 RunContext& run = active_run();
                 return std::make_unique<QueueW>(
                     make_ref<Queue>(run.loop(), queue_maxsize(maxsize), run.current_loc()),
                     maxsize);
             }),
             py::arg("maxsize") = 0)
        .def("join",
             [](py::object self) {
                 QueueW& w = self.cast<QueueW&>();
                 return steal_or_throw(new_native_awaitable(
                     loop_bound(w.finished_binding, w.run(),
                                make_backend(w.get().join(w.run().current_loc())), self.ptr(),
                                &check_join),
                     "Queue.join"));
             })
        .def_property_readonly("maxsize", [](QueueW& w) { return w.maxsize; })
        .def("__repr__",
             [](py::object self) {
                 QueueW& w = self.cast<QueueW&>();
                 std::string cls = py::str(py::type::handle_of(self).attr("__name__"));
                 return "<" + cls + " at " + address(self.ptr()) + " " + queue_format(w) + ">";
             })
        .def("__str__", [](py::object self) {
            QueueW& w = self.cast<QueueW&>();
            std::string cls = py::str(py::type::handle_of(self).attr("__name__"));
            return "<" + cls + " " + queue_format(w) + ">";
        });
    set_type_name(queue, "Queue");
    static PyMethodDef defs[] = {CONDLAB_NOARGS("get", fast_queue_get),
                                 CONDLAB_O("put", fast_queue_put),
                                 CONDLAB_NOARGS("get_nowait", fast_queue_get_nowait),
                                 CONDLAB_O("put_nowait", fast_queue_put_nowait),
                                 CONDLAB_NOARGS("task_done", fast_queue_task_done),
                                 CONDLAB_NOARGS("qsize", fast_queue_qsize),
                                 CONDLAB_NOARGS("empty", fast_queue_empty),
                                 CONDLAB_NOARGS("full", fast_queue_full)};
    add_fast_methods(queue, defs);

    py::class_<LifoQueueW, QueueW> lifo(m, "LifoQueue");
    lifo.def(py::init([](py::object maxsize, py::kwargs) {
                 RunContext& run = active_run();
                 return std::make_unique<LifoQueueW>(
                     make_ref<LifoQueue>(run.loop(), queue_maxsize(maxsize), run.current_loc()),
                     maxsize);
             }),
             py::arg("maxsize") = 0);
    set_type_name(lifo, "LifoQueue");

    py::class_<PriorityQueueW, QueueW> prio(m, "PriorityQueue");
    prio.def(py::init([](py::object maxsize, py::kwargs) {
                 RunContext& run = active_run();
                 return std::make_unique<PriorityQueueW>(
                     make_ref<PriorityQueue>(run.loop(), queue_maxsize(maxsize), &python_less,
                                             run.current_loc()),
                     maxsize);
             }),
             py::arg("maxsize") = 0);
    set_type_name(prio, "PriorityQueue");
}

} // namespace condlab::python::bind
