#include "runtime/error.h"

namespace condlab {

bool is_cancelled_error(const std::exception_ptr& e) {
    if (!e)
        return false;
    try {
        std::rethrow_exception(e);
    } catch (const CancelledError&) {
        return true;
    } catch (...) {
        return false;
    }
}

ErrorDescription describe_error(const std::exception_ptr& e) {
    if (!e)
        return {};
    try {
        std::rethrow_exception(e);
    } catch (const PyError& err) {
        return {err.type(), err.message()};
    } catch (const std::bad_alloc&) {
        return {"MemoryError", ""};
    } catch (const std::exception& err) {
        return {"RuntimeError", err.what()};
    } catch (...) {
        return {"RuntimeError", "unknown C++ exception"};
    }
}

} // namespace condlab
