#include "python/program_runner.h"

namespace condlab::python {

int exit_status(const ProgramResult& result) noexcept {
    switch (result.status) {
    case ProgramResult::Status::Completed: return 0;
    case ProgramResult::Status::Exception: return 1;
    case ProgramResult::Status::SyntaxError: return 2;
    case ProgramResult::Status::Deadlock: return 3;
    case ProgramResult::Status::Budget: return 4;
    }
    return 1;
}

ProgramResult run_program(const std::string&, const std::string&, const ProgramOptions&) {
    ProgramResult r;
    r.status = ProgramResult::Status::Exception;
    r.exception_type = "NotImplementedError";
    r.stderr_text = "condlab: the Python layer is not built yet\n";
    return r;
}

} // namespace condlab::python
