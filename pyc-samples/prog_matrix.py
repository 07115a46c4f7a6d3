"""Program: matrix arithmetic with nested lists (multiply, transpose,
power, determinant with fractions-free integer elimination)."""


def matmul(a, b):
    rows, inner, cols = len(a), len(b), len(b[0])
    assert len(a[0]) == inner
    return [[sum(a[i][k] * b[k][j] for k in range(inner)) for j in range(cols)] for i in range(rows)]


def transpose(m):
    return [list(row) for row in zip(*m)]


def identity(n):
    return [[1 if i == j else 0 for j in range(n)] for i in range(n)]


def matpow(m, e):
    result = identity(len(m))
    while e:
        if e & 1:
            result = matmul(result, m)
        m = matmul(m, m)
        e >>= 1
    return result


def det(m):
    # Bareiss algorithm: exact integer determinant
    m = [row[:] for row in m]
    n = len(m)
    sign = 1
    prev = 1
    for k in range(n - 1):
        if m[k][k] == 0:
            for r in range(k + 1, n):
                if m[r][k] != 0:
                    m[k], m[r] = m[r], m[k]
                    sign = -sign
                    break
            else:
                return 0
        for i in range(k + 1, n):
            for j in range(k + 1, n):
                m[i][j] = (m[i][j] * m[k][k] - m[i][k] * m[k][j]) // prev
        prev = m[k][k]
    return sign * m[n - 1][n - 1]


def show(m):
    width = max(len(str(v)) for row in m for v in row)
    for row in m:
        print(" ".join(str(v).rjust(width) for v in row))


a = [[1, 2, 3], [4, 5, 6]]
b = [[7, 8], [9, 10], [11, 12]]
show(matmul(a, b))
show(transpose(a))
fibm = matpow([[1, 1], [1, 0]], 90)
print("fib(90) =", fibm[0][1])
show(matpow([[2, 0], [1, 3]], 10))
print(det([[2, -3, 1], [2, 0, -1], [1, 4, 5]]), det(identity(4)), det([[0, 1], [1, 0]]), det([[1, 2], [2, 4]]))
hilbert_scaled = [[720720 // (i + j + 1) for j in range(4)] for i in range(4)]
show(hilbert_scaled)
print("det:", det(hilbert_scaled))
fm = [[0.5, 1.5], [2.25, -1.0]]
print(matmul(fm, fm), matmul(fm, identity(2)) == fm)
n = 12
big = [[(i * n + j) % 7 - 3 for j in range(n)] for i in range(n)]
prod = matmul(big, transpose(big))
print("trace:", sum(prod[i][i] for i in range(n)), "sum:", sum(map(sum, prod)), "det:", det(big))
vec = [1, -1, 2]
print([sum(x * y for x, y in zip(row, vec)) for row in [[1, 0, 0], [0, 2, 0], [3, 1, 1]]])
