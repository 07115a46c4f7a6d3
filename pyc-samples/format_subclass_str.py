class F(float):
    def __repr__(s): return 'F!'
class I(int):
    def __repr__(s): return 'I!'
class S(str):
    def __str__(s): return 'S!'
class C(complex):
    def __repr__(s): return 'C!'
class B(int):
    def __str__(s): return 'B!'
class Plain(int): pass
class PF(float): pass
class Own(int):
    def __format__(self, spec): return "own:" + spec
print(str(F(1.0)), f'{F(1.0)}', format(F(1.0), ''), f'{F(1.5):.2f}', f'{I(3)}', format(I(3), ''), f'{I(3):d}')
print(f'{S("a")}', format(S('a'), ''), f'{S("a"):>3}', f'{C(1j)}', f'{B(2)}', '{}'.format(I(4)), '%s' % I(5), '%d' % I(6))
print(f'{Plain(7)}', f'{PF(2.5)}', f'{Plain(7):x}', f'{Own(1)}', f'{Own(1):z}', f'{True}', f'{True:d}')
print([1] * Plain(3), "ab" * Plain(2), "%s|%r" % (I(1), I(2)), "%s" % PF(2.5), "%s" % F(1.0), b"%d" % Plain(4), "%5s|" % I(0), "%.1f" % F(2.25))
