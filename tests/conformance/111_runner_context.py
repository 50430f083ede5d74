# asyncio.Runner: each run() of one runner runs in the runner's context (a copy made when
# it starts) unless context= is given; get_loop() is the same loop for every run; the loop
# is closed by close() (async generators are shut down there, not after each run).
import asyncio
import contextvars

var = contextvars.ContextVar("var", default="unset")


async def setter(value):
    print("sees", var.get(), "in", asyncio.current_task().get_name())
    var.set(value)
    return value


async def gen():
    try:
        yield 1
        yield 2
    finally:
        print("gen closed by", asyncio.current_task().get_name())


async def start_gen():
    g = gen()
    global keep
    keep = g
    return await g.__anext__()


var.set("outer")
runner = asyncio.Runner()
print(runner.run(setter("a")))
print(runner.run(setter("b")))
ctx = contextvars.copy_context()
print(runner.run(setter("c"), context=ctx))
print(ctx[var], var.get())
loop = runner.get_loop()
print(loop is runner.get_loop(), loop.is_closed())
print(runner.run(start_gen()))
print("before close")
runner.close()
print(loop.is_closed())
runner.close()
try:
    runner.run(setter("d"))
except RuntimeError as e:
    print("RuntimeError", e)


async def main():
    print("asyncio.run main is", asyncio.current_task().get_name())
    try:
        asyncio.Runner().run(setter("x"))
    except RuntimeError as e:
        print("RuntimeError", e)


asyncio.run(main())
