// The part of condlab's asyncio written in Python: small helpers, and the 3.11 functions that
// are compositions of futures and done callbacks (TaskGroup, wait, as_completed). They use
// only the bound Future / Task / loop objects, so their callbacks and wake-ups are scheduled
// by the runtime exactly as CPython's are. Compiled as "<asyncio>" (never a user line).
#include "python/bind_common.h"

namespace condlab::python::bind {

const char* const kAsyncioShim = R"PY(
import contextvars as _contextvars
import sys as _sys
import types as _types
from collections import deque as _deque

FIRST_COMPLETED = 'FIRST_COMPLETED'
FIRST_EXCEPTION = 'FIRST_EXCEPTION'
ALL_COMPLETED = 'ALL_COMPLETED'

def iscoroutinefunction(func):
    """condlab: inspect.iscoroutinefunction (imported when first used: it is slow to import)."""
    import inspect
    return inspect.iscoroutinefunction(func)

def iscoroutine(obj):
    return _c._iscoroutine(obj)

def isfuture(obj):
    return isinstance(obj, Future)

def _unsupported_attribute(obj, name):
    if name.startswith('__') and name.endswith('__'):
        raise AttributeError(f"{type(obj).__name__!r} object has no attribute {name!r}")
    raise AttributeError(
        f"{type(obj).__name__!r} object has no attribute {name!r}: "
        f"condlab does not support {type(obj).__name__}.{name}")

@_types.coroutine
def _wrap_awaitable(awaitable):
    # ensure_future / gather / shield / wait_for of an object with __await__.
    return (yield from awaitable.__await__())

def _leaves_loop(exc):
    # SystemExit and KeyboardInterrupt end the group at once (3.11's TaskGroup).
    return isinstance(exc, (SystemExit, KeyboardInterrupt))



class _LockProtocolCondition:
    """asyncio.Condition(lock) for a lock that is not an asyncio.Lock (a Semaphore, the
    learner's own class): 3.11.2's locks.Condition on the lock's own locked(), acquire() and
    release(). asyncio.Condition holds one and forwards every method to it."""

    def __init__(self, lock):
        self._lock = lock
        self.locked = lock.locked
        self.acquire = lock.acquire
        self.release = lock.release
        self._waiters = _deque()
        self._loop = None

    def _get_loop(self, cond):
        loop = get_running_loop()
        if self._loop is None:
            self._loop = loop
        if loop is not self._loop:
            raise RuntimeError(f'{cond!r} is bound to a different event loop')
        return loop

    async def __aenter__(self):
        await self.acquire()
        return None

    async def __aexit__(self, exc_type, exc, tb):
        self.release()

    async def wait(self, cond):
        if not self.locked():
            raise RuntimeError('cannot wait on un-acquired lock')
        self.release()
        try:
            fut = self._get_loop(cond).create_future()
            self._waiters.append(fut)
            try:
                await fut
                return True
            finally:
                self._waiters.remove(fut)
        finally:
            # Must reacquire lock even if wait is cancelled
            cancelled = False
            while True:
                try:
                    await self.acquire()
                    break
                except CancelledError:
                    cancelled = True
            if cancelled:
                raise CancelledError

    async def wait_for(self, cond, predicate):
        result = predicate()
        while not result:
            await self.wait(cond)
            result = predicate()
        return result

    def notify(self, n=1):
        if not self.locked():
            raise RuntimeError('cannot notify on un-acquired lock')
        idx = 0
        for fut in self._waiters:
            if idx >= n:
                break
            if not fut.done():
                idx += 1
                fut.set_result(False)

    def notify_all(self):
        self.notify(len(self._waiters))

    def extra(self):
        # What Condition's repr shows in brackets.
        extra = 'locked' if self.locked() else 'unlocked'
        if self._waiters:
            extra = f'{extra}, waiters:{len(self._waiters)}'
        return extra

# Their coroutines are named as CPython's are (task names, the timeline).
for _name, _qualname in (('__aenter__', '_ContextManagerMixin.__aenter__'),
                         ('__aexit__', '_ContextManagerMixin.__aexit__'),
                         ('wait', 'Condition.wait'), ('wait_for', 'Condition.wait_for')):
    getattr(_LockProtocolCondition, _name).__qualname__ = _qualname
del _name, _qualname


class TaskGroup:
    """asyncio.TaskGroup (3.11.2): children are cancelled when one fails; errors are raised
    together as an ExceptionGroup when the `async with` block ends."""

    def __init__(self):
        self._entered = self._exiting = self._aborting = False
        self._loop = self._parent_task = None
        self._parent_cancel_requested = False
        self._tasks = {}            # insertion-ordered set of the running children
        self._errors = []
        self._base_error = None
        self._all_done = None       # future set when the last child finishes

    def __repr__(self):
        parts = ['']
        if self._tasks:
            parts.append(f'tasks={len(self._tasks)}')
        if self._errors:
            parts.append(f'errors={len(self._errors)}')
        if self._aborting:
            parts.append('cancelling')
        elif self._entered:
            parts.append('entered')
        return '<TaskGroup' + ' '.join(parts) + '>'

    async def __aenter__(self):
        if self._entered:
            raise RuntimeError(f"TaskGroup {self!r} has been already entered")
        self._entered = True
        if self._loop is None:
            self._loop = get_running_loop()
        self._parent_task = current_task()
        if self._parent_task is None:
            raise RuntimeError(f'TaskGroup {self!r} cannot determine the parent task')
        return self

    async def __aexit__(self, et, exc, tb):
        self._exiting = True
        if exc is not None and _leaves_loop(exc) and self._base_error is None:
            self._base_error = exc
        cancel_to_raise = exc if et is CancelledError else None
        if self._parent_cancel_requested and self._parent_task.uncancel() == 0:
            cancel_to_raise = None   # our own cancel of the parent: not the caller's
        if et is not None and not self._aborting:
            self._abort()
        while self._tasks:
            if self._all_done is None:
                self._all_done = self._loop.create_future()
            try:
                await self._all_done
            except CancelledError as e:
                if not self._aborting:
                    cancel_to_raise = e
                    self._abort()
            self._all_done = None
        if self._base_error is not None:
            raise self._base_error
        if cancel_to_raise and not self._errors:
            raise cancel_to_raise
        if et is not None and et is not CancelledError:
            self._errors.append(exc)
        if self._errors:
            try:
                raise BaseExceptionGroup('unhandled errors in a TaskGroup', self._errors) from None
            finally:
                self._errors = None

    def create_task(self, coro, *, name=None, context=None):
        if not self._entered:
            raise RuntimeError(f"TaskGroup {self!r} has not been entered")
        if self._exiting and not self._tasks:
            raise RuntimeError(f"TaskGroup {self!r} is finished")
        if self._aborting:
            raise RuntimeError(f"TaskGroup {self!r} is shutting down")
        task = self._loop.create_task(coro, context=context)
        if name is not None:
            task.set_name(name)
        task.add_done_callback(self._child_done)
        self._tasks[task] = None
        return task

    def _abort(self):
        self._aborting = True
        for t in self._tasks:
            if not t.done():
                t.cancel()

    def _child_done(self, task):
        self._tasks.pop(task, None)
        if self._all_done is not None and not self._tasks and not self._all_done.done():
            self._all_done.set_result(True)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is None:
            return
        self._errors.append(exc)
        if _leaves_loop(exc) and self._base_error is None:
            self._base_error = exc
        if self._parent_task.done():
            print(f'Task {task!r} has errored out but its parent task '
                  f'{self._parent_task} is already completed', file=_sys.stderr)
            return
        if not self._aborting and not self._parent_cancel_requested:
            self._abort()
            self._parent_cancel_requested = True
            self._parent_task.cancel()


async def wait(fs, *, timeout=None, return_when=ALL_COMPLETED):
    """asyncio.wait: (done, pending) once return_when holds or the timeout passes."""
    if isfuture(fs) or iscoroutine(fs):
        raise TypeError(f"expect a list of futures, not {type(fs).__name__}")
    if not fs:
        raise ValueError('Set of Tasks/Futures is empty.')
    if return_when not in (FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED):
        raise ValueError(f'Invalid return_when value: {return_when}')
    fs = set(fs)
    if any(iscoroutine(f) for f in fs):
        raise TypeError("Passing coroutines is forbidden, use tasks explicitly.")
    loop = get_running_loop()
    waiter = loop.create_future()
    timer = None
    remaining = len(fs)

    def release():
        if not waiter.done():
            waiter.set_result(None)

    def one_done(f):
        nonlocal remaining
        remaining -= 1
        failed = not f.cancelled() and f.exception() is not None
        if (remaining <= 0 or return_when == FIRST_COMPLETED
                or (return_when == FIRST_EXCEPTION and failed)):
            if timer is not None:
                timer.cancel()
            release()

    if timeout is not None:
        timer = loop._call_later_wait(timeout, release)
    for f in fs:
        f.add_done_callback(one_done)
    try:
        await waiter
    finally:
        if timer is not None:
            timer.cancel()
        for f in fs:
            f.remove_done_callback(one_done)
    done = {f for f in fs if f.done()}
    return done, fs - done


def as_completed(fs, *, timeout=None):
    """asyncio.as_completed: coroutines that give the results in completion order."""
    if isfuture(fs) or iscoroutine(fs):
        raise TypeError(f"expect an iterable of futures, not {type(fs).__name__}")
    loop = get_event_loop()
    todo = {ensure_future(f) for f in set(fs)}
    finished = _deque()      # done futures, None for a timeout
    getters = _deque()       # futures of the coroutines waiting for `finished`
    timer = None

    def push(item):
        finished.append(item)
        while getters:
            g = getters.popleft()
            if not g.done():
                g.set_result(None)
                break

    def on_timeout():
        for f in todo:
            f.remove_done_callback(on_done)
            push(None)
        todo.clear()

    def on_done(f):
        if not todo:
            return
        todo.remove(f)
        push(f)
        if not todo and timer is not None:
            timer.cancel()

    async def next_result():
        while not finished:
            g = loop.create_future()
            getters.append(g)
            await g
        f = finished.popleft()
        if f is None:
            raise TimeoutError
        return f.result()

    for f in todo:
        f.add_done_callback(on_done)
    if todo and timeout is not None:
        timer = loop._call_later_wait(timeout, on_timeout)
    for _ in range(len(todo)):
        yield next_result()

async def _shutdown_asyncgens(self):
    """BaseEventLoop.shutdown_asyncgens: aclose() every live async generator."""
    closing = self._take_asyncgens()
    if not closing:
        return
    results = await gather(*[ag.aclose() for ag in closing], return_exceptions=True)
    for result, agen in zip(results, closing):
        if isinstance(result, Exception):
            print(f'an error occurred during closing of asynchronous generator {agen!r}\n'
                  f'exception: {result!r}', file=_sys.stderr)

async def _shutdown_default_executor(self):
    """BaseEventLoop.shutdown_default_executor: condlab never makes an executor."""

_c._CondlabEventLoop.shutdown_asyncgens = _shutdown_asyncgens
_c._CondlabEventLoop.shutdown_default_executor = _shutdown_default_executor


class Runner:
    """asyncio.Runner (3.11.2): one loop for several run() calls, closed by close()."""

    def __init__(self, *, debug=None, loop_factory=None):
        self._state = 'created'
        self._debug = debug
        self._loop_factory = loop_factory
        self._loop = None
        self._context = None
        self._set_event_loop = False

    def __enter__(self):
        self._lazy_init()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.close()

    def close(self):
        if self._state != 'initialized':
            return
        try:
            _c._close_runner(self._loop)
        finally:
            if self._set_event_loop:
                set_event_loop(None)
            self._loop = None
            self._state = 'closed'

    def get_loop(self):
        self._lazy_init()
        return self._loop

    def run(self, coro, *, context=None):
        if not iscoroutine(coro):
            raise ValueError("a coroutine was expected, got {!r}".format(coro))
        try:
            get_running_loop()
        except RuntimeError:
            pass
        else:
            raise RuntimeError("Runner.run() cannot be called from a running event loop")
        self._lazy_init()
        if context is None:
            context = self._context
        return _c._run_main(self._loop, coro, context)

    def _lazy_init(self):
        if self._state == 'closed':
            raise RuntimeError("Runner is closed")
        if self._state == 'initialized':
            return
        if self._loop_factory is None:
            self._loop = new_event_loop()
            if not self._set_event_loop:
                set_event_loop(self._loop)
                self._set_event_loop = True
        else:
            self._loop = self._loop_factory()
        self._context = _contextvars.copy_context()
        self._state = 'initialized'
)PY";

} // namespace condlab::python::bind
