import heapq
import bisect

h = []
for x in [5, 3, 8, 1, 9, 2, 7]:
    heapq.heappush(h, x)
print(h)
print([heapq.heappop(h) for _ in range(3)], h)
data = [9, 4, 7, 1, 8, 2, 6, 3]
heapq.heapify(data)
print(data)
print(heapq.heapreplace(data, 5), data)
print(heapq.heappushpop(data, 0), heapq.heappushpop(data, 10), data)
print(heapq.nlargest(3, [5, 1, 8, 3, 9, 2]), heapq.nsmallest(2, [5, 1, 8, 3, 9, 2]))
print(heapq.nsmallest(3, ["bb", "a", "ccc", "dd"], key=len))
print(heapq.nlargest(2, [(1, "a"), (3, "b"), (3, "c"), (2, "d")], key=lambda t: t[0]))
print(list(heapq.merge([1, 4, 7], [2, 5, 8], [3, 6])))
print(list(heapq.merge([7, 4], [8, 1], reverse=True)))
print(list(heapq.merge(["a", "ccc"], ["bb"], key=len)))
try:
    heapq.heappop([])
except IndexError as e:
    print("IndexError:", e)
try:
    heapq.heappush((), 1)
except TypeError as e:
    print("TypeError:", e)

pairs = [(1, "x"), (1, "y"), (0, "z")]
heapq.heapify(pairs)
print(pairs)

a = [1, 2, 4, 4, 4, 7, 9]
print(bisect.bisect_left(a, 4), bisect.bisect_right(a, 4), bisect.bisect(a, 4))
print(bisect.bisect_left(a, 4, 4), bisect.bisect_right(a, 4, 0, 3), bisect.bisect(a, 0), bisect.bisect(a, 10))
bisect.insort(a, 5)
bisect.insort_left(a, 4)
bisect.insort_right(a, 0)
print(a)
recs = [("a", 1), ("b", 3), ("c", 5)]
print(bisect.bisect_left(recs, 3, key=lambda r: r[1]), bisect.bisect_right(recs, 3, key=lambda r: r[1]))
bisect.insort(recs, ("d", 4), key=lambda r: r[1])
print(recs)
try:
    bisect.bisect([1], 1, -1)
except ValueError as e:
    print("ValueError:", e)
grades = "FDCBA"
print([grades[bisect.bisect([60, 70, 80, 90], s)] for s in [33, 99, 77, 70, 89, 90, 100]])
