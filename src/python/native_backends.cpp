// The C++ side of awaitables.h: results converted to Python (to_python, PyTruthy) and the
// coroutine backends CallBackend (a call as an awaitable), LockAcquireBackend (a free lock
// taken without a coroutine frame) and NativeTaskBackend (a native coroutine in a task).
#include "python/awaitables.h"
#include "python/errors.h"

namespace condlab::python {

PyTruthy::operator bool() const {
    int t = PyObject_IsTrue(value.ptr());
    if (t < 0)
        throw_python_error();
    return t != 0;
}

py::object to_python(const std::any& v) {
    if (!v.has_value())
        return py::none();
    if (const auto* o = std::any_cast<py::object>(&v))
        return *o;
    if (const auto* t = std::any_cast<PyTruthy>(&v))
        return t->value;
    if (const auto* b = std::any_cast<bool>(&v))
        return py::bool_(*b);
    if (const auto* i = std::any_cast<int>(&v))
        return py::int_(*i);
    if (const auto* i = std::any_cast<long>(&v))
        return py::int_(*i);
    if (const auto* i = std::any_cast<long long>(&v))
        return py::int_(*i);
    if (const auto* i = std::any_cast<unsigned>(&v))
        return py::int_(*i);
    if (const auto* i = std::any_cast<unsigned long>(&v))
        return py::int_(*i);
    if (const auto* i = std::any_cast<unsigned long long>(&v))
        return py::int_(*i);
    if (const auto* d = std::any_cast<double>(&v))
        return py::float_(*d);
    if (const auto* s = std::any_cast<std::string>(&v))
        return py::str(*s);
    if (const auto* s = std::any_cast<const char*>(&v))
        return py::str(*s);
    if (const auto* e = std::any_cast<std::exception_ptr>(&v))
        return to_python_exception(*e);
    if (const auto* list = std::any_cast<std::vector<std::any>>(&v)) {
        py::list out(list->size());
        for (std::size_t i = 0; i < list->size(); ++i)
            out[i] = to_python((*list)[i]);
        return out;
    }
    return py::none();
}

StepResult CallBackend::send() {
    StepResult r;
    try {
        r.value = m_fn();
        r.kind = StepResult::Kind::Returned;
    } catch (...) {
        r.kind = StepResult::Kind::Raised;
        r.error = normalize_error(std::current_exception());
    }
    m_fn = nullptr;
    return r;
}

StepResult CallBackend::throw_in(std::exception_ptr error) {
    m_fn = nullptr;
    StepResult r;
    r.kind = StepResult::Kind::Raised;
    r.error = std::move(error);
    return r;
}

StepResult LockAcquireBackend::send() {
    if (!m_inner && !m_lock->locked() && m_lock->waiters().empty()) {
        LockAcquire acquire = m_lock->acquire(m_where);
        StepResult r;
        r.value = acquire.await_ready() && acquire.await_resume(); // the fast path: true
        r.kind = StepResult::Kind::Returned;
        return r;
    }
    if (BindCheck check = std::exchange(m_check, nullptr); check && !m_inner) {
        try {
            check(m_self.ptr());
        } catch (...) {
            StepResult r;
            r.kind = StepResult::Kind::Raised;
            r.error = normalize_error(std::current_exception());
            return r;
        }
    }
    return inner().send();
}

StepResult LockAcquireBackend::throw_in(std::exception_ptr error) {
    return inner().throw_in(std::move(error));
}

CoroutineBackend& LockAcquireBackend::inner() {
    if (!m_inner)
        m_inner = make_backend(m_lock->acquire(m_where));
    return *m_inner;
}

void NativeTaskBackend::first_step() {
    m_started = true;
    if (TaskState* t = m_run.loop().current_task(); t && t->coroutine() == this)
        m_run.names.resolve(t->id(), m_qualname, /*native=*/true);
}

StepResult NativeTaskBackend::send() {
    if (!m_started)
        first_step();
    return m_inner->send();
}

StepResult NativeTaskBackend::throw_in(std::exception_ptr error) {
    if (!m_started)
        first_step();
    return m_inner->throw_in(std::move(error));
}

} // namespace condlab::python
