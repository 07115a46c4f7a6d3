# re.sub / subn (templates, callables, count), re.split (groups, maxsplit), expand.
import re

print(re.sub(r'x*', '-', 'abxd'))
print(re.sub(r'(\w+)@(\w+)', r'\2 at \1', 'joe@home, ann@work'))
print(re.sub(r'(?P<w>\w+)', r'<\g<w>|\g<1>|\g<0>>', 'ab cd'))
print(re.sub(r'(\w)', r'[\1\n\t\\\&\a]', 'ab'))
print(re.sub(r'(?P<n>a)(b)?', r'[\g<n>|\2]', 'ac ab'))
print(re.sub(r'a', r'\101\0\07', 'xa'))
print(re.sub(r'(?P<w>\w+)', lambda m: m.group('w').upper(), 'héllo wörld'))
print(re.sub(r'\d', lambda m: str(int(m.group()) * 2), 'a1b2c3'))
print(re.sub(r'\d', lambda m: None, 'a1b2'))
print(re.sub(r'\s', '_', 'a b c d', 2), re.sub(r'\s', '_', 'a b c', count=1))
print(re.subn('a', 'b', 'aaa'), re.subn('a', 'b', 'aaa', count=2), re.subn('z', 'b', 'aaa'))
print(re.sub('', '-', 'abc'), re.sub('é', 'e', 'été'), re.sub('$', '!', 'a\n'))
print(re.sub('a', 'b', 'AaA', flags=re.I), re.sub('(?m)^', '> ', 'l1\nl2'))
p = re.compile(r'(\d+)')
print(p.sub(r'<\1>', 'a1b22'), p.subn(lambda m: m.group(1)[::-1], '12 345'))
print(p.sub('#', 'a1b2c3', 2))
calls = []
def rec(m):
    calls.append(m.span())
    return '.'
print(re.sub('a', rec, 'xaxa'), calls)

# split
print(re.split(r',\s*', 'a, b,c,  d'))
print(re.split(r'(,)\s*', 'a, b,c'))
print(re.split(r'x*', 'axbc'), re.split(r'', 'abc'), re.split(r'\b', 'a b'))
print(re.split(r'(a)|(b)', 'xaybz'))
print(re.split(r'\s', 'a b c d', maxsplit=2), re.split(r'\s', 'a b c d', 1), re.split(r'\s', 'a b', -1))
print(re.split('é', 'aébéc'), re.split(',', ''), re.split('(,)', ','))
print(re.compile(r'\W+').split('Words, words, words.'), re.compile(r'(\W+)').split('Words, words.', 1))
print(re.split('[a-f]+', '0a3B9', flags=re.IGNORECASE))

# Match.expand
m = re.match(r'(?P<a>\w)(?P<b>\w)?', 'x')
print(repr(m.expand(r'<\g<a>\2>')), repr(m.expand(r'\1-\g<0>')))
m = re.search(r'(\d+)\.(\d+)', 'v3.11')
print(m.expand(r'major=\1 minor=\2'), m.expand(r'\g<2>.\g<1>'))
