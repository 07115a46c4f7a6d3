"""Reading standard input with input() (fed from input_stdin.stdin)."""

name = input()
count = int(input("how many? "))
total = 0
for i in range(count):
    line = input()
    nums = [int(tok) for tok in line.split()]
    total += sum(nums)
    print(f"line {i}: {nums} -> {sum(nums)}")
print(f"hello {name}, total {total}")
try:
    while True:
        extra = input()
        print("extra:", repr(extra))
except EOFError as e:
    print("EOFError:", repr(e))
