"""sys.exit(3): exits with status 3 and no traceback; finally blocks run."""
import sys

try:
    print("about to exit")
    sys.exit(3)
finally:
    print("finally runs on SystemExit")
print("not reached")
