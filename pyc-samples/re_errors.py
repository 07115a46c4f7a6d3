# re.error messages and positions, and the TypeErrors/ValueErrors of the re API.
import re

bad = ['(a', 'a)', '*a', 'a**', 'a{1,2}{3}', '[a', '[^', '[a-', r'\q', r'[\q]', '(?P<1a>x)', '(?<=a+)b',
       'a{3,2}', '(?P=x)', '(?z)', '(?', '(?P', '(?P<', '(?P<a', '(?P<a>', '(?P<a>x)(?P<a>y)', '(?<x)',
       '\\', 'a\\', '[z-a]', r'[\w-z]', r'\x4', r'\u12', r'\8', r'\1', r'(a)\2', r'(a\1)', '(?i', '(?i-',
       '(?-', '(?ii:x)', '(?i-i:x)', 'a(?i)b', '(?#abc', '(?(1)a|b|c)', '(?(x)a)', '(?(0)a)',
       r'(?<=(a)\1)', '(?L)a', '(?au)a', '(?-a:x)', '\n(\n', '(?P=)', '(?Px)', '(?<a>b)', 'a|*', '^*',
       '(?x)a#(', '[\\400]', '\\400', '(?(1a)x)', 'x{99999999999}', '(?P<a-b>x)', '(?P<é>x)(?P=é)']
for p in bad:
    try:
        c = re.compile(p)
        print(repr(p), 'ok', c.groups)
    except re.error as e:
        print(repr(p), 'error:', e, '|', e.msg, e.pos, e.lineno, e.colno, e.pattern == p)
    except Exception as e:
        print(repr(p), type(e).__name__, e)

try:
    re.compile('(')
except re.error as e:
    print(repr(e), e.args, isinstance(e, Exception), re.error.__name__, re.error.__module__)

def show(f, *a, **k):
    try:
        r = f(*a, **k)
    except Exception as e:
        r = '%s: %s' % (type(e).__name__, e)
    print(repr(r))

show(re.sub, '(a)', r'\2', 'a')
show(re.sub, '(a)', r'\g<x>', 'a')
show(re.sub, '(a)', r'\g<1', 'a')
show(re.sub, '(a)', r'\g', 'a')
show(re.sub, '(a)', r'\g<>', 'a')
show(re.sub, '(a)', r'\g<-1>', 'a')
show(re.sub, '(a)', r'\q', 'a')
show(re.sub, '(a)', 'x\\', 'a')
show(re.sub, 'a', lambda m: 5, 'bab')
show(re.sub, 'a', 5, 'a')
show(re.search, 'a', 5)
show(re.search, b'a', 'a')
show(re.search, 'a', b'a')
show(re.compile, 'a', re.A | re.U)
show(re.compile, 'a', re.L)
show(re.compile, b'a', re.U)
show(re.compile, re.compile('a'), re.I)
show(re.compile, 5)
m = re.match(r'(?P<a>\w)(?P<b>\w)?', 'x')
show(m.group, 0, 'a', 2)
show(m.group, 3)
show(m.group, 'zz')
show(m.group, -1)
show(m.__getitem__, 'a')
show(lambda: m['nope'])
show(m.start, 2)
show(m.end, 'a')
show(m.span, 5)
show(m.expand, r'\3')
print(re.compile(r'a(b', re.VERBOSE) if False else 'done')
