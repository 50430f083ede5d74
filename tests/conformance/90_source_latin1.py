# -*- coding: latin-1 -*-
# PEP 263: a latin-1 source file (the byte é is Ã© in UTF-8) runs as in CPython.
import asyncio

WORD = "café"


async def main():
    await asyncio.sleep(1)
    # été: a comment in latin-1 too
    print(WORD, len(WORD), WORD.encode("utf-8"), ascii(WORD))


asyncio.run(main())
