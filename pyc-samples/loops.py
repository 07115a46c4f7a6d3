"""Loops: for/while with break, continue and else; nested loops; loop
conditions compiled to the various backward conditional jumps."""

for i in range(5):
    if i == 1:
        continue
    if i == 4:
        break
    print("for", i)
else:
    print("for-else not reached")

for i in range(3):
    pass
else:
    print("for-else reached, i =", i)

n = 0
while n < 5:
    n += 1
    if n == 2:
        continue
    print("while", n)
else:
    print("while-else reached")

n = 10
while True:
    n -= 3
    if n < 0:
        break
print("after while True:", n)

for outer in range(3):
    for inner in range(3):
        if inner == outer:
            break
        print("pair", outer, inner)
    else:
        print("inner completed for", outer)


def find(items, target):
    for idx, item in enumerate(items):
        if item == target:
            break
    else:
        return -1
    return idx


print(find("abcdef", "d"), find("abc", "z"), find([], 1))

# while-loops whose conditions become POP_JUMP_BACKWARD_IF_* at the bottom
node = {"next": {"next": {"next": None, "v": 3}, "v": 2}, "v": 1}
values = []
while node is not None:
    values.append(node["v"])
    node = node["next"]
print("linked list:", values)

cursor = None
attempts = 0
while cursor is None:
    attempts += 1
    if attempts == 3:
        cursor = "found"
print("cursor:", cursor, attempts)

done = False
steps = 0
while not done:
    steps += 1
    done = steps >= 4
print("steps:", steps)

k = 0
while k < 3 and done is not None:
    k += 1
print("k:", k)

count = 0
for a in range(4):
    for b in range(4):
        for c in range(4):
            if a + b + c == 4:
                count += 1
print("triples summing to 4:", count)

total = 0
for ch in "a1b2c3":
    if ch.isdigit():
        total += int(ch)
print("digit total:", total)
for key in {"x": 1, "y": 2}:
    print("key", key)
for x, y in [(1, 2), (3, 4)]:
    print("tuple", x, y)
for _ in []:
    print("never")
else:
    print("empty for-else")
it = iter(range(10))
for v in it:
    if v == 3:
        break
print("rest of iterator:", list(it))
i = 0
while i < 10:
    i += 1
    if i % 2:
        continue
    if i > 6:
        break
else:
    print("not reached")
print("i after while:", i)
collected = []
x = 27
while x != 1:
    x = x // 2 if x % 2 == 0 else 3 * x + 1
    collected.append(x)
print(len(collected), max(collected))
lst = [1, 2, 3]
for item in lst:
    if item == 2:
        lst.append(4)
print(lst)
countdown = 3
while countdown:
    print("countdown", countdown)
    countdown -= 1
nested_total = 0
for row in [[1, 2], [3], []]:
    for cell in row:
        nested_total += cell
print("nested total:", nested_total)
