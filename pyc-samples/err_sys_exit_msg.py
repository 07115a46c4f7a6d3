"""sys.exit("message"): the message goes to stderr and the status is 1."""
import sys

try:
    sys.exit(0)
except SystemExit as e:
    print("caught SystemExit with code", e.code)
print("exiting with a message")
sys.exit("fatal: something went wrong")
