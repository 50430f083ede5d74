// BackgroundRecorder: commands in 256 KB chunks, replayed by one worker thread.
#include "trace/background_recorder.h"

#include "runtime/error.h"

#include <algorithm>
#include <string>

namespace condlab {

namespace {

/// Reads back what BackgroundRecorder::put / put_string wrote.
struct Reader {
    const std::byte* p;
    template <class T> T get() {
        T v;
        std::memcpy(&v, p, sizeof v);
        p += sizeof v;
        return v;
    }
    std::string_view str() {
        const auto n = get<std::uint32_t>();
        std::string_view s(reinterpret_cast<const char*>(p), n);
        p += n;
        return s;
    }
    SourceLoc loc() {
        SourceLoc l;
        l.file = get<const char*>();
        l.line = get<std::uint32_t>();
        return l;
    }
};

} // namespace

BackgroundRecorder::BackgroundRecorder() {
    m_open.data = std::make_unique_for_overwrite<std::byte[]>(kChunkBytes);
    m_open.capacity = kChunkBytes;
}

BackgroundRecorder::~BackgroundRecorder() { stop(); }

// ---------------------------------------------------------------------------
// [SECTION] Producer side
// ---------------------------------------------------------------------------

void BackgroundRecorder::put_bytes(const void* data, std::size_t bytes) {
    std::memcpy(room(bytes), data, bytes);
    m_open.size += bytes;
}

void BackgroundRecorder::put_string(std::string_view s) {
    const auto n = static_cast<std::uint32_t>(s.size());
    std::byte* p = room(sizeof n + n);
    std::memcpy(p, &n, sizeof n);
    std::memcpy(p + sizeof n, s.data(), n);
    m_open.size += sizeof n + n;
}

void BackgroundRecorder::next_chunk(std::size_t at_least) {
    Chunk full = std::move(m_open);
    m_open = Chunk{};
    {
        std::lock_guard lock(m_mutex);
        if (!m_spare.empty() && m_spare.back().capacity >= at_least) {
            m_open = std::move(m_spare.back());
            m_spare.pop_back();
        }
    }
    if (!m_open.data) {
        m_open.capacity = std::max(kChunkBytes, at_least);
        m_open.data = std::make_unique_for_overwrite<std::byte[]>(m_open.capacity);
    }
    m_open.size = 0;
    if (full.size != 0)
        publish(std::move(full));
}

void BackgroundRecorder::publish(Chunk chunk) {
    if (m_finished)
        return;                 // what comes after finish() is not recorded
    if (!m_worker.joinable()) { // the first full chunk: a short run never starts a thread
        m_worker = std::thread([this] { work(); });
        m_threaded = true;
    }
    {
        std::lock_guard lock(m_mutex);
        m_full.push_back(std::move(chunk));
    }
    m_wake.notify_one();
}

// A command is the Command byte and its fields, in the order the replay reads them; strings
// and lists follow as (uint32 count, items), reserved with the command (put_with_tail).

void BackgroundRecorder::on_task_created(TaskId task, std::string_view name, TaskId parent,
                                         SourceLoc where) {
    put_with_tail(string_bytes(name), Command::TaskCreated, task, parent, where.file, where.line);
    put_string(name);
}
void BackgroundRecorder::on_task_renamed(TaskId task, std::string_view name) {
    put_with_tail(string_bytes(name), Command::TaskRenamed, task);
    put_string(name);
}
void BackgroundRecorder::on_task_done(TaskId task, TaskEnd end, const std::exception_ptr& error) {
    if (end != TaskEnd::Raised || !error) {
        put(Command::TaskDone, task, end);
        return;
    }
    // Described here: the exception may hold objects only this thread may touch.
    const ErrorDescription d = describe_error(error);
    put_with_tail(string_bytes(d.type) + string_bytes(d.message), Command::TaskDoneRaised, task);
    put_string(d.type);
    put_string(d.message);
}
void BackgroundRecorder::on_task_cancel_requested(TaskId task, TaskId by) {
    put(Command::CancelRequested, task, by);
}
void BackgroundRecorder::on_object_internal(ObjectId object, ObjectId owner) {
    put(Command::ObjectInternal, object, owner);
}
void BackgroundRecorder::on_object_created(ObjectId object, ObjectKind kind, SourceLoc where) {
    put(Command::ObjectCreated, object, kind, where.file, where.line);
}
void BackgroundRecorder::on_object_label(ObjectId object, std::string_view label) {
    put_with_tail(string_bytes(label), Command::ObjectLabel, object);
    put_string(label);
}
void BackgroundRecorder::on_object_owned(ObjectId part, ObjectId owner) {
    put(Command::ObjectOwned, part, owner);
}
void BackgroundRecorder::on_timer_scheduled(TimerId timer, double when, TimerKind kind) {
    put(Command::TimerScheduled, timer, when, kind);
}
void BackgroundRecorder::on_timer_fired(TimerId timer) { put(Command::TimerFired, timer); }
void BackgroundRecorder::on_timer_cancelled(TimerId timer) { put(Command::TimerCancelled, timer); }

void BackgroundRecorder::set_source_line(TaskId task, SourceLoc where) {
    put(Command::SourceLine, task, where.file, where.line);
}
void BackgroundRecorder::line_executed(SourceLoc where) {
    put(Command::LineExecuted, where.file, where.line);
}
void BackgroundRecorder::output(std::string_view text) {
    put_with_tail(string_bytes(text), Command::Output);
    put_string(text);
}
void BackgroundRecorder::warning(WarningKind kind, std::string_view text, SourceLoc where) {
    put_with_tail(string_bytes(text), Command::Warning, kind, where.file, where.line);
    put_string(text);
}
void BackgroundRecorder::exception(TaskId task, std::string_view type, std::string_view message,
                                   SourceLoc where) {
    put_with_tail(string_bytes(type) + string_bytes(message), Command::Exception, task, where.file,
                  where.line);
    put_string(type);
    put_string(message);
}
void BackgroundRecorder::object_contents(ObjectId object, std::span<const std::string> items) {
    std::size_t tail = 0;
    for (const std::string& s : items)
        tail += string_bytes(s);
    put_with_tail(tail, Command::Contents, object, static_cast<std::uint32_t>(items.size()));
    for (const std::string& s : items)
        put_string(s);
}
void BackgroundRecorder::attach_snapshot_now(Snapshot snapshot, SnapshotMode mode) {
    std::uint32_t index = 0;
    {
        std::lock_guard lock(m_mutex);
        index = static_cast<std::uint32_t>(m_snapshots.size());
        m_snapshots.push_back(std::make_unique<Snapshot>(std::move(snapshot)));
    }
    put(Command::Snapshot, index, mode);
}
void BackgroundRecorder::mark_step() { put(Command::MarkStep); }

// ---------------------------------------------------------------------------
// [SECTION] Worker
// ---------------------------------------------------------------------------

void BackgroundRecorder::work() {
    for (;;) {
        Chunk chunk;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return !m_full.empty() || m_closing; });
            if (m_full.empty())
                return; // closing, and everything is replayed
            chunk = std::move(m_full.front());
            m_full.pop_front();
        }
        replay(chunk);
        if (m_scan && !m_error) {
            try {
                m_scan->feed(m_rec.event_source());
            } catch (...) {
                m_error = std::current_exception();
            }
        }
        chunk.size = 0;
        std::lock_guard lock(m_mutex);
        if (m_spare.size() < 4)
            m_spare.push_back(std::move(chunk));
    }
}

void BackgroundRecorder::replay(const Chunk& chunk) {
    Reader r{chunk.data.get()};
    const std::byte* end = chunk.data.get() + chunk.size;
    std::vector<TaskId> woken;
    if (m_error)
        return; // the rest is dropped; finish() reports the failure
    while (r.p < end) {
        const auto c = r.get<Command>();
        try {
            switch (c) {
            case Command::Iteration: {
                const auto it = r.get<std::uint64_t>();
                m_rec.on_iteration(it, r.get<double>());
                break;
            }
            case Command::TaskCreated: {
                const auto task = r.get<TaskId>();
                const auto parent = r.get<TaskId>();
                const SourceLoc where = r.loc();
                m_rec.on_task_created(task, r.str(), parent, where);
                break;
            }
            case Command::TaskRenamed: {
                const auto task = r.get<TaskId>();
                m_rec.on_task_renamed(task, r.str());
                break;
            }
            case Command::TaskScheduled:
                m_rec.on_task_scheduled(r.get<TaskId>());
                break;
            case Command::TaskRunning:
                m_rec.on_task_running(r.get<TaskId>());
                break;
            case Command::TaskSuspended: {
                const auto task = r.get<TaskId>();
                WaitInfo w;
                w.kind = r.get<WaitKind>();
                w.object = r.get<ObjectId>();
                w.where = r.loc();
                m_rec.on_task_suspended(task, w);
                break;
            }
            case Command::TaskDone: {
                const auto task = r.get<TaskId>();
                m_rec.task_done(task, r.get<TaskEnd>(), nullptr);
                break;
            }
            case Command::TaskDoneRaised: {
                const auto task = r.get<TaskId>();
                ErrorDescription d;
                d.type = r.str();
                d.message = r.str();
                m_rec.task_done(task, TaskEnd::Raised, &d);
                break;
            }
            case Command::CancelRequested: {
                const auto task = r.get<TaskId>();
                m_rec.on_task_cancel_requested(task, r.get<TaskId>());
                break;
            }
            case Command::ObjectInternal: {
                const auto object = r.get<ObjectId>();
                m_rec.on_object_internal(object, r.get<ObjectId>());
                break;
            }
            case Command::ObjectCreated: {
                const auto object = r.get<ObjectId>();
                const auto kind = r.get<ObjectKind>();
                m_rec.on_object_created(object, kind, r.loc());
                break;
            }
            case Command::ObjectLabel: {
                const auto object = r.get<ObjectId>();
                m_rec.on_object_label(object, r.str());
                break;
            }
            case Command::ObjectOwned: {
                const auto part = r.get<ObjectId>();
                m_rec.on_object_owned(part, r.get<ObjectId>());
                break;
            }
            case Command::Primitive: {
                const auto op = r.get<PrimitiveOp>();
                const auto object = r.get<ObjectId>();
                const auto task = r.get<TaskId>();
                const auto value = r.get<std::int64_t>();
                const auto n = r.get<std::uint32_t>();
                if (n == 0) {
                    // The common ops straight to their short path: through on_primitive (one
                    // more argument, the span) the worker measured 375 -> 417 M Ir per 2
                    // stress runs. A rare op is tried twice; the check fails at once.
                    if (!m_rec.try_primitive(op, object, task, value))
                        m_rec.on_primitive(op, object, task, {}, value);
                    break;
                }
                woken.resize(n); // copied out: the log is not aligned for TaskId
                std::memcpy(woken.data(), r.p, n * sizeof(TaskId));
                r.p += n * sizeof(TaskId);
                m_rec.on_primitive(op, object, task, woken, value);
                break;
            }
            case Command::TimerScheduled: {
                const auto timer = r.get<TimerId>();
                const auto when = r.get<double>();
                m_rec.on_timer_scheduled(timer, when, r.get<TimerKind>());
                break;
            }
            case Command::TimerFired:
                m_rec.on_timer_fired(r.get<TimerId>());
                break;
            case Command::TimerCancelled:
                m_rec.on_timer_cancelled(r.get<TimerId>());
                break;
            case Command::Callback:
                m_rec.on_callback(r.get<TimerId>());
                break;
            case Command::SourceLine: {
                const auto task = r.get<TaskId>();
                m_rec.set_source_line(task, r.loc());
                break;
            }
            case Command::LineExecuted:
                m_rec.line_executed(r.loc());
                break;
            case Command::Output:
                m_rec.output(r.str());
                break;
            case Command::Warning: {
                const auto kind = r.get<WarningKind>();
                const SourceLoc where = r.loc();
                m_rec.warning(kind, r.str(), where);
                break;
            }
            case Command::Exception: {
                const auto task = r.get<TaskId>();
                const SourceLoc where = r.loc();
                const std::string_view type = r.str();
                m_rec.exception(task, type, r.str(), where);
                break;
            }
            case Command::Contents: {
                const auto object = r.get<ObjectId>();
                std::vector<std::string> items(r.get<std::uint32_t>());
                for (std::string& s : items)
                    s = r.str();
                m_rec.object_contents(object, items);
                break;
            }
            case Command::Snapshot: {
                const auto index = r.get<std::uint32_t>();
                const auto mode = r.get<SnapshotMode>();
                std::unique_ptr<Snapshot> snap;
                {
                    std::lock_guard lock(m_mutex);
                    snap = std::move(m_snapshots[index]);
                }
                m_rec.attach_snapshot(m_rec.current_step(), *snap, mode);
                break;
            }
            case Command::MarkStep:
                m_marks.push_back(m_rec.current_step());
                break;
            }
        } catch (...) {
            m_error = std::current_exception();
            return; // as above
        }
    }
}

void BackgroundRecorder::stop() {
    if (m_finished)
        return;
    m_finished = true;
    if (!m_worker.joinable()) { // everything is in the open chunk: replayed right here
        if (m_open.size != 0)
            replay(m_open);
        m_open = Chunk{};
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        if (m_open.size != 0)
            m_full.push_back(std::move(m_open));
        m_open = Chunk{};
        m_closing = true;
    }
    m_wake.notify_one();
    m_worker.join();
}

std::shared_ptr<const Trace> BackgroundRecorder::finish_shared(const RunOutcome& outcome) {
    stop();
    if (m_error)
        std::rethrow_exception(m_error);
    return m_rec.finish_shared(outcome);
}

} // namespace condlab
