# Printing a lone surrogate as CPython does under a UTF-8 locale (C.UTF-8): stdout's error
# handler is surrogateescape, so "\udcc3\udca9" (bytes os.fsdecode could not decode) goes
# out as the bytes c3 a9 (here they happen to spell "é" in UTF-8); a surrogate that stands
# for no byte ("\ud800") fails with UnicodeEncodeError; stderr escapes it.
import sys

print(sys.stdout.errors, sys.stderr.errors)
print("name:", "caf\udcc3\udca9")
print("ok before", flush=True)
try:
    print("\ud800")
except UnicodeEncodeError as e:
    print("UnicodeEncodeError", e.reason)
print("\ud800", file=sys.stderr)
print("end")
