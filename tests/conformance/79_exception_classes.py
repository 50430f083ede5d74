# asyncio's exception classes: hierarchy, arguments and messages (the stream errors exist
# even though condlab has no streams).
import asyncio


async def main():
    for cls in (asyncio.CancelledError, asyncio.InvalidStateError, asyncio.TimeoutError,
                asyncio.BrokenBarrierError, asyncio.QueueEmpty, asyncio.QueueFull,
                asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                asyncio.SendfileNotAvailableError):
        print(cls.__name__, [b.__name__ for b in cls.__mro__[1:]])
    e = asyncio.IncompleteReadError(b"ab", 5)
    print(str(e), e.partial, e.expected)
    e = asyncio.LimitOverrunError("too long", 7)
    print(str(e), e.consumed)
    print(asyncio.TimeoutError is TimeoutError)
    try:
        raise asyncio.SendfileNotAvailableError("no sendfile")
    except RuntimeError as e:
        print(type(e).__name__, e)


asyncio.run(main())
