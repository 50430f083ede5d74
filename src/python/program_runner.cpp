// run_program(): compile, install condlab's asyncio and the captured streams, run, classify,
// tear down.
//
// [SECTION] The trace function (line counting, budgets, line events, labels)
// [SECTION] Interpreter state saved and restored around a run
// [SECTION] Errors: SyntaxError, uncaught exceptions
// [SECTION] run_program
#include "python/program_runner.h"

#include "python/code_cache.h"
#include "python/errors.h"
#include "python/interpreter.h"
#include "python/run_context.h"
#include "python/run_guards.h"
#include "python/source_text.h"
#include "python/watchdog.h"

#include "trace/background_recorder.h"

#include <frameobject.h>

namespace condlab::python {

namespace {

// ---------------------------------------------------------------------------
// [SECTION] The trace function
// ---------------------------------------------------------------------------

constexpr std::uint64_t kWallCheckEvery = 1024; // lines between wall-clock checks

int trace_function(PyObject*, PyFrameObject* frame, int what, PyObject*) {
    if (what != PyTrace_LINE)
        return 0;
    RunContext* run = current_run();
    if (!run)
        return 0;
    PyCodeObject* code = PyFrame_GetCode(frame);
    const bool mine = run->is_program_code(code);
    Py_DECREF(code);
    if (!mine)
        return 0;
    if (run->phase == RunContext::Phase::Teardown) {
        RunContext::raise_abort_exception("condlab: run is over");
        return -1;
    }
    if (run->budget_state.abort_kind != BudgetKind::None)
        return run->abort(run->budget_state.abort_kind);
    if (run->budget_state.watchdog_fired)
        return run->abort(BudgetKind::WallClock);
    const int line = PyFrame_GetLineNumber(frame);
    run->budget_state.last_line = static_cast<std::uint32_t>(line);
    run->wait_guard.line(frame, line);
    if (++run->budget_state.lines > run->options.max_lines)
        return run->abort(BudgetKind::Lines);
    if (run->budget_state.lines % kWallCheckEvery == 0) {
        const std::atomic<bool>* stop = run->options.budget.stop;
        if (stop != nullptr && stop->load(std::memory_order_relaxed))
            return run->abort(BudgetKind::Stopped);
        if (run->wall_spent())
            return run->abort(BudgetKind::WallClock);
    }
    if (run->recording()) {
        if (run->options.line_trace) {
            if (BackgroundRecorder* rec = run->recorder())
                rec->line_executed(SourceLoc{run->file, static_cast<std::uint32_t>(line)});
        }
        if (run->snapshots.has_pending_labels()) {
            PyObject* locals = PyFrame_GetLocals(frame);
            if (locals) {
                run->snapshots.scan_labels(locals);
                Py_DECREF(locals);
            } else {
                PyErr_Clear();
            }
        }
    }
    return 0;
}

// ---------------------------------------------------------------------------
// [SECTION] Interpreter state saved and restored around a run
// ---------------------------------------------------------------------------

struct SavedState {
    py::object sys_stdout, sys_stderr, sys_stdin, argv, main, asyncio, showwarnmsg, warning_filters;
    int recursion_limit = 1000;
    py::object modules_before; // set of module names
    bool had_argv = false;
};

py::object sys_modules_get(const char* name) {
    py::dict modules = globals().sys.attr("modules");
    return modules.contains(name) ? py::object(modules[name]) : py::object();
}

/// linecache's entry for the program: (size, mtime None, lines, path). The last one is kept:
/// an explored or re-run program is the same text each time, and splitting a lesson's
/// lines cost about a fifteenth of a short run. (linecache never changes an entry.)
py::object linecache_entry(const std::string& path, const py::object& text) {
    static py::object* last_text = new py::object(); // never destroyed: see Interpreter
    static py::object* last_entry = new py::object();
    static std::string last_path;
    if (!*last_entry || path != last_path || PyUnicode_Compare(last_text->ptr(), text.ptr()) != 0) {
        if (PyErr_Occurred())
            PyErr_Clear();
        *last_entry =
            py::make_tuple(py::len(text), py::none(), text.attr("splitlines")(true), py::str(path));
        *last_text = text;
        last_path = path;
    }
    return *last_entry;
}

SavedState install(RunContext& run, const py::object& text, py::object asyncio_module,
                   py::object main_module) {
    InterpreterGlobals& g = globals();
    SavedState s;
    py::module_ sys = g.sys;
    py::dict modules = sys.attr("modules");
    s.modules_before = py::reinterpret_steal<py::object>(PySet_New(modules.ptr()));
    s.sys_stdout = sys.attr("stdout");
    s.sys_stderr = sys.attr("stderr");
    s.sys_stdin = sys.attr("stdin");
    s.warning_filters = py::list(g.warnings.attr("filters")); // a copy: programs may change it
    s.recursion_limit = Py_GetRecursionLimit();
    s.had_argv = py::hasattr(sys, "argv");
    if (s.had_argv)
        s.argv = sys.attr("argv");
    s.main = sys_modules_get("__main__");
    s.asyncio = sys_modules_get("asyncio");
    s.showwarnmsg = g.warnings.attr("_showwarnmsg");

    modules["__main__"] = main_module;
    modules["asyncio"] = asyncio_module;
    py::module_ c = py::reinterpret_borrow<py::module_>(g.condlab_module);
    sys.attr("stdout") = c.attr("_new_output")(false);
    // Nothing to read: input() raises EOFError instead of waiting on the host's stdin.
    sys.attr("stdin") = py::module_::import("io").attr("StringIO")();
    sys.attr("stderr") = c.attr("_new_output")(true);
    py::list argv;
    argv.append(py::str(run.path));
    sys.attr("argv") = argv;
    // linecache: tracebacks and warnings show the program's lines even when `path` is not a
    // file (or the file on disk differs, e.g. parameters were overridden).
    g.linecache.attr("cache")[py::str(run.path)] = linecache_entry(run.path, text);
    // Warnings: record them in the trace, then print them as CPython does.
    py::object orig = s.showwarnmsg;
    RunContext* r = &run;
    g.warnings.attr("_showwarnmsg") = py::cpp_function([orig, r](py::object msg) {
        try {
            std::string text = py::str(msg.attr("message"));
            std::string file = py::str(msg.attr("filename"));
            std::uint32_t line = file == r->path ? msg.attr("lineno").cast<std::uint32_t>()
                                                 : r->budget_state.last_line;
            std::string category = py::str(msg.attr("category").attr("__name__"));
            r->record_warning(text.find("was never awaited") != std::string::npos,
                              category + ": " + text, line);
        } catch (py::error_already_set&) {
        }
        orig(msg);
    });
    const bool traced = run.options.line_trace || run.options.count_lines;
    if (traced)
        PyEval_SetTrace(trace_function, nullptr);
    // The watchdog is the wall clock without a trace function, and the backstop with one (a
    // program may remove it with sys.settrace): then it fires a little after the trace
    // function should have.
    if (run.options.budget.max_wall_seconds < 1e300)
        Watchdog::instance().arm(run, run.options.budget.max_wall_seconds + (traced ? 0.5 : 0.0),
                                 trace_function);
    return s;
}

void restore(RunContext& run, SavedState& s, const py::object& asyncio_module) {
    InterpreterGlobals& g = globals();
    PyEval_SetTrace(nullptr, nullptr);
    py::module_ sys = g.sys;
    py::dict modules = sys.attr("modules");
    sys.attr("stdout") = s.sys_stdout;
    sys.attr("stderr") = s.sys_stderr;
    sys.attr("stdin") = s.sys_stdin;
    // warnings.filters[:] = saved (in place: warnings' C module holds the same list)
    py::object filters = g.warnings.attr("filters");
    filters.attr("clear")();
    filters.attr("extend")(s.warning_filters);
    g.warnings.attr("_filters_mutated")();
    Py_SetRecursionLimit(s.recursion_limit);
    if (s.had_argv)
        sys.attr("argv") = s.argv;
    else if (py::hasattr(sys, "argv"))
        sys.attr("__delattr__")("argv");
    if (s.main)
        modules["__main__"] = s.main;
    else if (modules.contains("__main__"))
        modules.attr("__delitem__")("__main__");
    if (s.asyncio)
        modules["asyncio"] = s.asyncio;
    else if (modules.contains("asyncio"))
        modules.attr("__delitem__")("asyncio");
    g.warnings.attr("_showwarnmsg") = s.showwarnmsg;
    py::dict cache = g.linecache.attr("cache");
    if (cache.contains(run.path))
        cache.attr("__delitem__")(run.path);
    // Modules the program imported that kept a reference to this run's asyncio module are
    // forgotten (the next run imports them again with its own module).
    py::list names = py::list(modules);
    for (py::handle name : names) {
        if (PySet_Contains(s.modules_before.ptr(), name.ptr()) == 1)
            continue;
        py::object mod = modules[name];
        PyObject* dict = PyModule_Check(mod.ptr()) ? PyModule_GetDict(mod.ptr()) : nullptr;
        if (!dict)
            continue;
        PyObject *k, *v;
        Py_ssize_t pos = 0;
        bool refers = false;
        while (PyDict_Next(dict, &pos, &k, &v))
            if (v == asyncio_module.ptr())
                refers = true;
        if (refers)
            modules.attr("__delitem__")(name);
    }
}

/// Puts the interpreter back (stdout, sys.modules, the trace function ...) when a C++
/// exception leaves the run between install() and restore().
struct RestoreOnThrow {
    RunContext& run;
    SavedState& saved;
    const py::object& asyncio_module;
    bool armed = true;
    ~RestoreOnThrow() {
        if (!armed)
            return;
        Watchdog::instance().disarm();
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        try {
            run.teardown();
            restore(run, saved, asyncio_module);
        } catch (...) {
        }
        PyErr_Clear();
        PyErr_Restore(type, value, tb);
    }
};

// ---------------------------------------------------------------------------
// [SECTION] Errors
// ---------------------------------------------------------------------------

std::string format_exception(const py::object& exc) {
    try {
        py::object lines = globals().traceback.attr("format_exception")(exc);
        std::string out;
        for (py::handle line : lines)
            out += line.cast<std::string>();
        return out;
    } catch (py::error_already_set&) {
        PyErr_Clear();
        PythonError e(exc);
        return e.type() + (e.message().empty() ? "" : ": " + e.message()) + "\n";
    }
}

void syntax_error_result(RunContext& run, ProgramResult& result) {
    std::exception_ptr err = fetch_python_error();
    py::object exc = to_python_exception(err);
    result.outcome = ProgramResult::Status::SyntaxError;
    PythonError e(exc);
    result.exception_type = e.type();
    if (PyObject_IsInstance(exc.ptr(), PyExc_SyntaxError) == 1) {
        py::object msg = exc.attr("msg");
        result.exception_message = msg.is_none() ? e.message() : py::str(msg).cast<std::string>();
        py::object lineno = exc.attr("lineno");
        py::object offset = exc.attr("offset");
        if (!lineno.is_none())
            result.error_line = lineno.cast<std::uint32_t>();
        if (!offset.is_none())
            result.error_column = offset.cast<std::uint32_t>();
    } else {
        result.exception_message = e.message();
    }
    run.output.err.write(format_exception(exc));
}

/// os._exit(n) ends the run with status n & 0xff, whatever the program did afterwards.
bool os_exit_result(ProgramResult& result) {
    std::optional<int> status = RunGuards::exit_status();
    if (!status)
        return false;
    result.outcome = ProgramResult::Status::Exception;
    result.exit_code = *status & 0xff;
    result.exception_type = "os._exit";
    result.exception_message = std::to_string(*status);
    return true;
}

/// How the program left, when it left by sys.exit() / SystemExit, as CPython's process does
/// (Py_HandleSystemExit): SystemExit(None / 0) completes, SystemExit(n) ends with status
/// n & 0xff, any other code is printed to stderr and ends with status 1. False otherwise.
bool exit_result(RunContext& run, const py::object& exc, ProgramResult& result) {
    if (!exc || PyObject_IsInstance(exc.ptr(), PyExc_SystemExit) != 1)
        return false;
    py::object code = exc.attr("code");
    if (code.is_none()) {
        result.outcome = ProgramResult::Status::Complete;
        return true;
    }
    result.exception_type = "SystemExit";
    result.exception_message = py::str(code);
    if (PyLong_Check(code.ptr())) {
        const long value = PyLong_AsLong(code.ptr()); // -1 on overflow, as CPython
        PyErr_Clear();
        if (value == 0) {
            result.outcome = ProgramResult::Status::Complete;
            result.exception_type.clear();
            result.exception_message.clear();
            return true;
        }
        result.exit_code = static_cast<int>(value) & 0xff;
    } else {
        run.output.err.write(result.exception_message + "\n");
    }
    result.outcome = ProgramResult::Status::Exception;
    return true;
}

/// A C++ exception reached run_program's boundary (a condlab bug, or Python state condlab
/// did not expect): the run ends as an exception with a clear message instead of
/// std::terminate taking the process (and the window) down.
void internal_error(ProgramResult& result, std::exception_ptr error) {
    std::string what = "unknown error";
    try {
        std::rethrow_exception(error);
    } catch (py::error_already_set& e) {
        what = e.what();
    } catch (const std::exception& e) {
        what = e.what();
    } catch (...) {
    }
    if (PyErr_Occurred())
        PyErr_Clear();
    result.outcome = ProgramResult::Status::Exception;
    result.exit_code.reset();
    result.exception_type = "condlab internal error";
    result.exception_message = what;
    result.stderr_text += "condlab: internal error, the run was stopped: " + what + "\n";
}

} // namespace

// ---------------------------------------------------------------------------
// [SECTION] run_program
// ---------------------------------------------------------------------------

void start_interpreter() {
    RunLock lock;
    (void)globals();
}

namespace {

/// The current run is cleared however run_locked() is left.
struct CurrentRunReset {
    CurrentRunReset() = default;
    CurrentRunReset(const CurrentRunReset&) = delete;
    CurrentRunReset& operator=(const CurrentRunReset&) = delete;
    ~CurrentRunReset() { set_current_run(nullptr); }
};

/// What outlives a run (caches, modules the program imported, the garbage it left is
/// collected first) is moved out of the collector's sight: a collection then scans only the
/// objects made since, and each run's teardown collects (run_context.cpp) no longer walk the
/// long-lived objects again: that walk was about a third of an explored run's time.
void freeze_survivors() {
    const py::module_& gc = globals().gc;
    gc.attr("collect")();
    gc.attr("freeze")();
}

/// How the program ended, from its uncaught exception (none: it returned) and the run's
/// state: result.outcome and the exception's facts; an uncaught exception's traceback goes
/// to the captured stderr. Returns whether the run was aborted / deadlocked (for the trace).
struct Ending {
    bool aborted = false;
    bool deadlocked = false;
};

Ending classify_end(RunContext& run, const py::object& exc, ProgramResult& result) {
    InterpreterGlobals& g = globals();
    if (exc && run.budget_state.abort_kind == BudgetKind::None &&
        PyObject_IsInstance(exc.ptr(), g.abort_error.ptr()) == 1) {
        PyObject* tb = PyException_GetTraceback(exc.ptr());
        run.note_abort_exception(tb);
        Py_XDECREF(tb);
    }
    Ending end;
    end.aborted = run.budget_state.abort_kind != BudgetKind::None ||
                  (exc && PyObject_IsInstance(exc.ptr(), g.abort_error.ptr()) == 1);
    end.deadlocked = run.budget_state.deadlock ||
                     (exc && PyObject_IsInstance(exc.ptr(), g.deadlock_error.ptr()) == 1);
    if (os_exit_result(result)) {
    } else if (end.aborted) {
        result.outcome = ProgramResult::Status::Budget;
    } else if (end.deadlocked) {
        result.outcome = ProgramResult::Status::Deadlock;
    } else if (exit_result(run, exc, result)) {
    } else if (exc) {
        result.outcome = ProgramResult::Status::Exception;
        PythonError e(exc);
        result.exception_type = e.type();
        result.exception_message = e.message();
        if (PyObject_IsInstance(exc.ptr(), PyExc_KeyboardInterrupt) == 1)
            result.exit_code = 130;
        PyObject* tb = PyException_GetTraceback(exc.ptr());
        result.error_line = run.traceback_line(tb);
        Py_XDECREF(tb);
        run.output.err.write(format_exception(exc));
        if (BackgroundRecorder* rec = run.recorder(); rec && run.recording())
            rec->exception(kNoTask, result.exception_type, result.exception_message,
                           SourceLoc{run.file, result.error_line});
    }
    return end;
}

/// The run's facts and its trace, while the loop still exists.
void collect_facts(RunContext& run, Ending end, ProgramResult& result) {
    result.iterations = run.loop().iteration();
    result.time = run.loop().time();
    result.lines = run.budget_state.lines;
    result.budget = run.budget_state.abort_kind;
    result.budget_task = run.budget_state.abort_task;
    result.budget_line = run.budget_state.abort_line;
    if (end.aborted || end.deadlocked)
        result.unfinished_tasks = run.budget_state.blocked.size();
    BackgroundRecorder* rec = run.recorder();
    if (!rec)
        return;
    RunOutcome outcome;
    if (run.last_outcome) {
        outcome.kind = run.last_outcome->kind;
        outcome.budget = run.last_outcome->budget;
        outcome.blocked = run.last_outcome->blocked;
        outcome.error = run.last_outcome->error;
    }
    outcome.iterations = result.iterations;
    outcome.time = result.time;
    if (end.aborted) {
        outcome.kind = OutcomeKind::Budget;
        outcome.budget = run.budget_state.abort_kind;
    } else if (end.deadlocked) {
        outcome.kind = OutcomeKind::Deadlock;
    }
    result.trace = rec->finish_shared(outcome);
    const std::vector<StepId>& steps = rec->marked_steps();
    for (std::size_t i = 0; i < steps.size() && i < run.output.stepped.size(); ++i)
        run.output.lines[run.output.stepped[i]].step = steps[i];
}

/// A fresh __main__ module for the program and condlab's asyncio for it.
struct Modules {
    py::module_ main, asyncio;
};

Modules make_modules(RunContext& run, const std::string& path) {
    InterpreterGlobals& g = globals();
    Modules m;
    m.main = py::reinterpret_steal<py::module_>(PyModule_New("__main__"));
    m.main.attr("__file__") = py::str(path);
    m.main.attr("__builtins__") = g.builtins;
    run.main_globals = m.main.attr("__dict__");
    m.asyncio = py::reinterpret_steal<py::module_>(PyModule_New("asyncio"));
    m.asyncio.attr("__dict__").attr("update")(g.asyncio_template);
    py::module_ c = py::reinterpret_borrow<py::module_>(g.condlab_module);
    run.loop_object = c.attr("_new_loop")();
    return m;
}

/// Runs the compiled program as __main__ (its atexit handlers too), classifies the end and
/// collects the facts; the interpreter's state is put back (also when this throws).
/// The run whose objects are left to the OS (still reachable: not a leak to LeakSanitizer).
RunContext* run_left_to_exit = nullptr;

/// Whether the run's objects are left to the OS at exit (ProgramOptions::process_ends_after).
bool left_to_exit(const RunContext& run, const ProgramResult& result) {
    return run.options.process_ends_after && result.outcome == ProgramResult::Status::Budget;
}

void run_compiled(RunContext& run, const std::string& path, const py::object& text, PyObject* code,
                  ProgramResult& result) {
    Modules modules = make_modules(run, path);
    RunGuards guards;
    SavedState saved = install(run, text, modules.asyncio, modules.main);
    RestoreOnThrow restore_on_throw{run, saved, modules.asyncio};

    PyObject* res = PyEval_EvalCode(code, run.main_globals.ptr(), run.main_globals.ptr());
    std::exception_ptr main_error = res ? nullptr : fetch_python_error();
    RunGuards::run_atexit_handlers(run); // still under the watchdog: the same budget
    Watchdog::instance().disarm();
    consume_async_exception();
    py::object exc;
    if (res)
        Py_DECREF(res);
    else
        exc = to_python_exception(main_error);
    if (PyErr_Occurred())
        PyErr_Clear(); // an async abort that arrived too late
    const Ending end = classify_end(run, exc, result);
    exc = py::object();
    run.output.out.flush_partial();
    run.output.err.flush_partial();
    collect_facts(run, end, result);
    if (!left_to_exit(run, result))
        run.teardown();
    restore_on_throw.armed = false;
    restore(run, saved, modules.asyncio);
}

/// run_program() under RunLock. May throw (only on condlab's own faults); the interpreter's
/// state is put back first.
void run_locked(const std::string& path, const std::string& source, const ProgramOptions& options,
                ProgramResult& result) {
    CurrentRunReset reset_current; // (destroyed after `run`: teardown sees its run)
    auto run = std::make_unique<RunContext>(path, options);
    set_current_run(run.get());

    // As `python3 FILE` reads it (PEP 263): the text for tracebacks, or the SyntaxError of an
    // undeclared non-UTF-8 byte. compile() honours the coding cookie of the bytes itself.
    py::object text = py::reinterpret_steal<py::object>(program_text(run->filename, source));
    PyObject* code = text ? compile_program(run->filename, source, options.variant) : nullptr;
    if (!code) {
        syntax_error_result(*run, result);
        run->teardown();
    } else {
        py::object code_obj = py::reinterpret_steal<py::object>(code);
        run->filename = code_obj.attr("co_filename");
        run_compiled(*run, path, text, code, result);
    }
    result.stdout_text = std::move(run->output.stdout_text);
    result.stderr_text = std::move(run->output.stderr_text);
    result.output = std::move(run->output.lines);
    set_current_run(nullptr);
    if (left_to_exit(*run, result)) {
        run_left_to_exit = run.release();
        return;
    }
    run.reset();
    freeze_survivors();
}

} // namespace

ProgramResult run_program(const std::string& path, const std::string& source,
                          const ProgramOptions& options) {
    RunLock lock;
    ProgramResult result;
    if (source.size() > kMaxSourceBytes) { // refused before compiling: the wall-clock budget
        result.outcome = ProgramResult::Status::Budget;
        result.budget = BudgetKind::WallClock;
        result.stderr_text = source_too_big_message(path, source.size());
        return result;
    }
    try {
        run_locked(path, source, options, result);
    } catch (...) {
        internal_error(result, std::current_exception());
    }
    return result;
}

} // namespace condlab::python
