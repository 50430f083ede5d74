# sys.stdout.buffer: bytes written after a flush land in order with the text output.
import asyncio
import sys


async def main():
    print("text first")
    sys.stdout.flush()
    n = sys.stdout.buffer.write("bytes: caf\u00e9\n".encode())
    sys.stdout.buffer.write(bytearray(b"a bytearray\n"))
    sys.stdout.buffer.flush()
    print("wrote", n)
    sys.stdout.flush()
    await asyncio.sleep(0.1)
    sys.stdout.buffer.write(memoryview(b"after sleep\n"))
    sys.stdout.buffer.flush()


asyncio.run(main())
