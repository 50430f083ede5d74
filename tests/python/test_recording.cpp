// What a run records: task display names, object labels, await lines, line events,
// output lines with their step and time, variable snapshots, warnings.
#include "python_test_support.h"

#include "trace/trace.h"

#include <algorithm>
#include <map>
#include <set>

using namespace condlab;
using namespace condlab::python;
using namespace condlab::python::test;

namespace {

class Recording : public PythonTest {};

const char* kProgram = R"PY(import asyncio

LIMIT = 2

class Shop:
    def __init__(self):
        self.lock = asyncio.Lock()

async def worker(cond, items):
    async with cond:
        while not items:
            await cond.wait()
        item = items.pop()
    print("got", item)

async def main():
    cond = asyncio.Condition()
    shop = Shop()
    events = [asyncio.Event(), asyncio.Event()]
    items = []
    tasks = [asyncio.create_task(worker(cond, items)) for _ in range(LIMIT)]
    special = asyncio.create_task(worker(cond, items), name="special")
    await asyncio.sleep(1)
    async with cond:
        items.extend([1, 2, 3])
        cond.notify_all()
    await asyncio.gather(*tasks, special)

asyncio.run(main())
)PY";

std::map<std::string, std::string> names_of_objects(const Trace& t) {
    std::map<std::string, std::string> out;
    for (const ObjectRecord& o : t.objects())
        out[t.object_name(o.id)] = object_kind_name(o.kind);
    return out;
}

} // namespace

TEST_F(Recording, TaskNamesAreCoroutineNamesNumberedWhenRepeated) {
    ProgramResult r = run(kProgram);
    ASSERT_EQ(r.outcome, ProgramResult::Status::Complete) << r.stderr_text;
    ASSERT_TRUE(r.trace);
    std::vector<std::string> names;
    for (const TaskRecord& task : r.trace->tasks())
        names.push_back(r.trace->task_name(task.id));
    EXPECT_EQ(names, (std::vector<std::string>{"main", "worker#1", "worker#2", "special"}));
    // Python still sees CPython's names.
    EXPECT_EQ(run_ok(R"PY(
import asyncio
async def w(): return asyncio.current_task().get_name()
async def main():
    print(await asyncio.gather(w(), w(), asyncio.create_task(w(), name="x")))
asyncio.run(main())
)PY"),
              "['Task-3', 'Task-4', 'x']\n"); // asyncio.create_task(name=) uses up Task-2 (3.11)
}

TEST_F(Recording, ObjectsAreLabelledAfterTheirFirstVariable) {
    ProgramResult r = run(kProgram);
    ASSERT_TRUE(r.trace);
    auto objects = names_of_objects(*r.trace);
    EXPECT_EQ(objects["cond"], "Condition");
    EXPECT_EQ(objects["shop.lock"], "Lock");
    EXPECT_EQ(objects["events[0]"], "Event");
    EXPECT_EQ(objects["events[1]"], "Event");
}

TEST_F(Recording, SuspensionsCarryTheLineOfTheirAwait) {
    ProgramResult r = run(kProgram);
    ASSERT_TRUE(r.trace);
    const Trace& t = *r.trace;
    std::set<std::pair<std::string, std::uint32_t>> waits;
    for (const TaskRecord& task : t.tasks())
        for (const SpanView& s : t.spans(task.id))
            if (is_blocked(s.status) || s.status == TaskStatus::Sleeping)
                waits.emplace(std::string(status_name(s.status)), t.line(s.where));
    EXPECT_TRUE(waits.count({status_name(TaskStatus::WaitingOnCondition), 12u}));
    EXPECT_TRUE(waits.count({status_name(TaskStatus::Sleeping), 23u}));
    EXPECT_TRUE(waits.count({status_name(TaskStatus::WaitingOnTask), 27u}));
    // Where tasks were created.
    EXPECT_EQ(t.line(t.task(2)->created_where), 21u);
    EXPECT_EQ(t.line(t.task(4)->created_where), 22u);
}

TEST_F(Recording, LinesOutputAndSnapshots) {
    ProgramResult r = run(kProgram);
    ASSERT_TRUE(r.trace);
    const Trace& t = *r.trace;
    std::size_t lines = 0, outputs = 0;
    for (const TraceEvent& e : t.events()) {
        if (e.kind == EventKind::Line)
            ++lines;
        if (e.kind == EventKind::Output)
            ++outputs;
    }
    EXPECT_GT(lines, 30u);
    EXPECT_EQ(outputs, 3u);
    ASSERT_EQ(r.output.size(), 3u);
    EXPECT_EQ(r.output[0].text, "got 3");
    EXPECT_EQ(r.output[0].time, 1.0);
    EXPECT_GT(r.output[0].step, 0u);
    // Globals and the running task's locals; modules, functions, classes and asyncio
    // objects are left out.
    std::map<std::string, std::string> seen;
    for (StepId s = 0; s < t.step_count(); ++s)
        for (const SnapshotEntryView& e : t.snapshot_at(s))
            seen.emplace((e.scope ? t.task_name(e.scope) + ":" : std::string("global:")) +
                             std::string(e.name),
                         std::string(e.repr)); // the first value seen
    EXPECT_EQ(seen["global:LIMIT"], "2");
    EXPECT_EQ(seen.count("global:asyncio"), 0u);
    EXPECT_EQ(seen.count("global:Shop"), 0u);
    EXPECT_EQ(seen.count("global:main"), 0u);
    EXPECT_EQ(seen.count("main:cond"), 0u);
    EXPECT_EQ(seen.count("main:tasks"), 1u);
    EXPECT_EQ(seen["main:items"], "[]");
    EXPECT_EQ(seen["worker#1:item"], "3");
    EXPECT_TRUE(seen["main:shop"].rfind("<__main__.Shop object", 0) == 0) << seen["main:shop"];
    EXPECT_EQ(seen["main:shop"].find(" at 0x"), std::string::npos); // no addresses: deterministic
}

TEST_F(Recording, LineTraceOffRecordsNoLinesButStillNamesAndLabels) {
    ProgramOptions o;
    o.line_trace = false;
    ProgramResult r = run(kProgram, o);
    ASSERT_TRUE(r.trace);
    for (const TraceEvent& e : r.trace->events())
        EXPECT_NE(e.kind, EventKind::Line);
    EXPECT_EQ(r.trace->task_name(2), "worker#1");
    EXPECT_EQ(names_of_objects(*r.trace)["cond"], "Condition");
    EXPECT_GT(r.lines, 30u); // still counted for the budget
}

TEST_F(Recording, NeverAwaitedWarningIsATraceEvent) {
    ProgramResult r =
        run("import asyncio\nasync def main():\n    asyncio.sleep(1)\nasyncio.run(main())\n");
    ASSERT_TRUE(r.trace);
    bool found = false;
    for (const TraceEvent& e : r.trace->events())
        if (e.kind == EventKind::Warning) {
            found = true;
            EXPECT_EQ(e.value, static_cast<std::int64_t>(WarningKind::NeverAwaited));
        }
    EXPECT_TRUE(found);
}

TEST_F(Recording, SameProgramSameTrace) {
    ProgramResult a = run(kProgram);
    ProgramResult b = run(kProgram);
    ASSERT_TRUE(a.trace && b.trace);
    EXPECT_EQ(a.trace->events().size(), b.trace->events().size());
    EXPECT_EQ(a.trace->data().string_pool, b.trace->data().string_pool);
    EXPECT_EQ(a.trace->step_count(), b.trace->step_count());
}

TEST_F(Recording, QueueContentsAreRecordedWhenTheyChange) {
    ProgramResult r = run(R"PY(import asyncio
async def main():
    q = asyncio.Queue()
    for item in ("a", 1, (2, 3)):
        await q.put(item)
    await asyncio.sleep(0)
    print(q.get_nowait())
    await asyncio.sleep(0)
asyncio.run(main())
)PY");
    ASSERT_EQ(r.outcome, ProgramResult::Status::Complete) << r.stderr_text;
    ASSERT_TRUE(r.trace);
    const Trace& t = *r.trace;
    ObjectId q = kNoObject;
    for (const ObjectRecord& o : t.objects())
        if (t.object_name(o.id) == "q")
            q = o.id;
    ASSERT_NE(q, kNoObject);
    std::vector<std::vector<std::string>> seen;
    for (StepId s = 0; s < t.step_count(); ++s) {
        ObjectState st = t.object_state_at(q, s);
        std::vector<std::string> items(st.contents.begin(), st.contents.end());
        if (seen.empty() || seen.back() != items)
            seen.push_back(items);
    }
    ASSERT_GE(seen.size(), 2u);
    EXPECT_EQ(seen[seen.size() - 2], (std::vector<std::string>{"'a'", "1", "(2, 3)"}));
    EXPECT_EQ(seen.back(), (std::vector<std::string>{"1", "(2, 3)"}));
}
