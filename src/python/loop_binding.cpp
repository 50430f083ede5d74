#include "python/loop_binding.h"

#include "python/errors.h"

namespace condlab::python {

void LoopBinding::get_loop(const RunContext& run, const std::string& describe) {
    if (m_loop == 0)
        m_loop = run.running_loop_id;
    if (m_loop != run.running_loop_id)
        throw python_runtime_error(describe + " is bound to a different event loop");
}

void LoopBinding::get_loop(const RunContext& run, PyObject* self) {
    if (m_loop != 0 && m_loop != run.running_loop_id) {
        py::object r = py::reinterpret_steal<py::object>(PyObject_Repr(self));
        if (!r)
            throw_python_error();
        get_loop(run, std::string(py::str(r)));
    }
    get_loop(run, std::string());
}

namespace {

/// A primitive's awaitable whose first step runs its BindCheck.
class LoopBoundBackend final : public CoroutineBackend {
  public:
    LoopBoundBackend(std::unique_ptr<CoroutineBackend> inner, PyObject* self, BindCheck check)
        : m_inner(std::move(inner)), m_self(py::reinterpret_borrow<py::object>(self)),
          m_check(check) {}
    StepResult send() override {
        if (BindCheck check = std::exchange(m_check, nullptr)) {
            try {
                if (auto replacement = check(m_self.ptr()))
                    m_inner = std::move(replacement);
            } catch (...) {
                m_inner.reset();
                StepResult r;
                r.kind = StepResult::Kind::Raised;
                r.error = normalize_error(std::current_exception());
                return r;
            }
        }
        if (!m_inner) { // sent again after the check raised
            StepResult r;
            r.kind = StepResult::Kind::Raised;
            r.error = std::make_exception_ptr(
                python_runtime_error("cannot reuse already awaited coroutine"));
            return r;
        }
        return m_inner->send();
    }
    StepResult throw_in(std::exception_ptr error) override {
        m_check = nullptr;
        if (!m_inner) {
            StepResult r;
            r.kind = StepResult::Kind::Raised;
            r.error = std::move(error);
            return r;
        }
        return m_inner->throw_in(std::move(error));
    }
    [[nodiscard]] std::string name() const override { return m_inner ? m_inner->name() : ""; }

  private:
    std::unique_ptr<CoroutineBackend> m_inner;
    py::object m_self;
    BindCheck m_check;
};

} // namespace

std::unique_ptr<CoroutineBackend> loop_bound(const LoopBinding& binding, const RunContext& run,
                                             std::unique_ptr<CoroutineBackend> inner,
                                             PyObject* self, BindCheck check) {
    if (binding.current(run))
        return inner;
    return std::make_unique<LoopBoundBackend>(std::move(inner), self, check);
}

} // namespace condlab::python
