"""Lists: every method, stable sort with key/reverse, slicing with steps,
slice assignment and deletion."""

a = [3, 1, 4, 1, 5, 9, 2, 6]
a.append(5)
a.extend([3, 5])
a.extend(range(2))
a.insert(0, 100)
a.insert(-1, 200)
a.insert(99, 300)
print(a, len(a))
print(a.pop(), a.pop(0), a.pop(-2), a)
a.remove(1)
print(a, a.index(5), a.index(5, 5), a.count(5), a.count(42))
b = a.copy()
b.reverse()
print(b, a is b, a == b[::-1])
b.clear()
print(b, len(b))
a.sort()
print(a)
a.sort(reverse=True)
print(a)

people = [("bob", 25), ("alice", 30), ("carol", 25), ("dave", 30), ("eve", 22)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: p[1], reverse=True))
print(sorted(people, key=lambda p: (-p[1], p[0])))
words = ["banana", "Apple", "cherry", "apple", "Banana"]
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len, reverse=True))

s = list(range(10))
print(s[2:5], s[:3], s[7:], s[-3:], s[:-7], s[::3], s[1::2], s[::-1], s[8:2:-2], s[-1:-4:-1])
print(s[100:], s[-100:2], s[5:100], s[3:3], s[::-3], s[slice(1, 8, 3)])
t = s[:]
t[2:5] = ["a", "b"]
print(t)
t[::2] = [0] * len(t[::2])
print(t)
t[1:1] = [7, 7, 7]
print(t)
t[-2:] = []
print(t)
del t[0]
del t[::3]
print(t)
del t[1:3]
print(t)
u = [1, 2, 3]
u[len(u):] = [4, 5]
u[:0] = [0]
print(u)
try:
    u[::2] = [1]
except ValueError as e:
    print("ValueError:", e)

m = [[0] * 3 for _ in range(3)]
m[1][1] = 5
alias = [[0] * 2] * 2
alias[0][0] = 9
print(m, alias)
print([1, 2] + [3], [0] * 4, [1, [2, 3]] * 2, 3 in [1, 2, 3], 4 not in [1, 2, 3])
print([1, 2, 3] < [1, 2, 4], [1, 2] < [1, 2, 0], [2] > [1, 9], [] == [], [1, 2] == [1, 2.0])
print(min([4, 2, 8]), max([4, 2, 8]), sum([4, 2, 8]), list(reversed([1, 2, 3])), list("abc"))
x = [1, 2]
x += [3]
x *= 2
print(x)
y = x
y += [99]
print(x is y, x)
nested = [1, [2, [3, [4]]]]
print(nested[1][1][1][0], len(nested), nested.index([2, [3, [4]]]))
lst = [5, 3, 8]
lst[0], lst[2] = lst[2], lst[0]
print(lst)
lst[-1] += 10
print(lst)
stack = []
for i in range(4):
    stack.append(i)
while stack:
    print("pop", stack.pop(), end="; ")
print()
queue = [1, 2, 3]
print(queue.pop(0), queue)
try:
    [].pop()
except IndexError as e:
    print("IndexError:", e)
try:
    [1].remove(2)
except ValueError as e:
    print("ValueError:", e)
try:
    [1, 2][5]
except IndexError as e:
    print("IndexError:", e)
try:
    [1, "a"].sort()
except TypeError as e:
    print("TypeError:", e)
print(repr([]), repr([None, True, "s", 1.0, (1,)]), str([[], [[]]]))
self_ref = [1]
self_ref.append(self_ref)
print(self_ref)
print(list(map(lambda v: v * 2, [1, 2])), [i for i, _ in enumerate("ab")], list(zip([1, 2], [3, 4])))
