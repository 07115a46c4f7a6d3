# The re module: compile/match/search/fullmatch, Match objects, groups, named groups,
# positions in non-ASCII text, pos/endpos, flags, findall/finditer, caching, escape.
import re

m = re.match(r'(\w+) (\w+)', 'hello world, again')
print(m)
print(m.group(), m.group(0), m.group(1), m.group(2), m.group(1, 2), m[1], m[0])
print(m.groups(), m.span(), m.start(1), m.end(2), m.span(2))
print(m.string, m.re, m.pos, m.endpos, m.lastindex, m.lastgroup, m.regs)
print(bool(m), type(m).__name__, type(m.re).__name__)

# Named groups, non-ASCII subjects (positions are code points)
m = re.search(r'(?P<first>\w+)\s+(?P<second>\w+)', '  héllo wörld! ünïcode')
print(m, m.span(), m.span('second'), m.start('first'), m.end('second'))
print(m.group('first'), m['second'], m.groupdict(), m.lastindex, m.lastgroup)
print(re.compile(r'(?P<a>x)(?P<b>y)?').groupindex)
print(re.compile(r'(?P<a>x)(?P<b>y)?').groupindex['b'])
m = re.match(r'(?P<a>\w)(?P<b>\d)?(c)?', 'z')
print(m.groups(), m.groups('-'), m.groupdict(), m.groupdict(0))
print(m.span(2), m.start('b'), m.end(3), m.group('b'), m.lastindex, m.lastgroup)
print(re.match(r'((a)b)', 'ab').lastindex, re.match(r'(a)(b)', 'ab').lastindex)
print([m.span() for m in re.finditer('é', 'aébéc')])
print(re.search('ö+', 'größe öö').span())

# match / search / fullmatch, with pos and endpos
p = re.compile(r'\d+')
print(p.match('abc123'), p.search('abc123'), p.fullmatch('123'), p.fullmatch('123a'))
print(p.match('abc123', 3), p.search('abc123def', 0, 5), p.search('12345', 1, 3))
print(p.search('abc123', pos=4), p.search('abc', 10), p.search('abc123', -5, 100))
print(re.compile('^b').search('abc', 1), re.compile('b').match('abc', 1))
print(re.compile('a$').search('xxab', endpos=3), re.compile(r'c\Z').search('abcd', 0, 3))
print(re.fullmatch(r'a|ab', 'ab'), re.match(r'a|ab', 'ab'))
print(re.match('', ''), re.search('x', ''), re.fullmatch('.*', ''))

# findall / finditer
print(re.findall(r'\d+', 'a1b22c333'))
print(re.findall(r'(\w)(\d)', 'a1b2c3'))
print(re.findall(r'(\w)\d', 'a1b2c3'))
print(re.findall(r'(a)(b)|(c)', 'abc'))
print(re.findall(r'a*?', 'aa'), re.findall(r'|a', 'a'), re.findall('x*', 'axb'))
print(re.findall(r'$', 'ab\n'), re.findall(r'(?m)$', 'a\nb\n'), re.findall('(?m)^', 'a\n'))
print([m.group() for m in re.finditer(r'\w+', 'ab, cd; éf')])
print([(m.start(), m.group()) for m in p.finditer('1 22 333', 2)])
print(p.findall('1 22 333 4444', 2, 9))

# anchors, classes, escapes, look-around, backreferences
print(re.match('ab$', 'ab\n'), re.match(r'ab\Z', 'ab\n'), re.search(r'\Aab', 'ab'))
print(re.findall(r'\bfoo\b', 'foo foobar (foo) barfoo'), re.findall(r'\Bo\B', 'foo bob'))
print(re.findall(r'[^\W\d]+', 'abc123 déf_4'), re.findall(r'[\d-]+', '12-34 x 5'))
print(re.findall(r'[]a]+', ']a]b'), re.findall(r'[^]a]+', ']a]bc'), re.findall(r'[a-]+', 'a-b'))
print(re.findall(r'\x41\u00e9\101', 'AéA'), re.findall(r'\t|\n', 'a\tb\nc'), re.findall(r'\.\*', 'a.*b'))
print(re.findall(r'[a-z]+(?=\d)', 'ab1 cd x22'), re.findall(r'(?<!x)y', 'xy yy'))
print(re.findall(r'(?<=\d{2})z', '12z 1z'), re.findall(r'(?<=é)\w', 'éa éb'))
print(re.findall(r'(.)\1', 'aabcdd'), re.search(r'(?P<q>["\']).*?(?P=q)', 'say "hi" now'))
print(re.search('(a)?(?(1)b|c)', 'xc'), re.search('(?P<x>a)?(?(x)b|c)', 'ab'))
print(re.findall(r'a{2,}', 'a aa aaa'), re.findall(r'a{,2}', 'aaa'), re.findall(r'x{', 'x{'))
print(re.findall(r'a{2}', 'aaaaa'), re.findall(r'x{1', 'x{1'), re.findall(r'x{a}', 'x{a}'))
print(re.match(r'a++b', 'aab'), re.match(r'a++a', 'aaa'), re.match(r'(?>a+)a', 'aaa'))
print(re.match(r'(?:ab)+', 'ababx'), re.match(r'(a|b)*c', 'abac').groups())
print(re.match(r'(?#a comment)x', 'x'), re.match('(?:)*a', 'a'), re.match('()*a', 'a').groups())
print(re.findall(r'\s+', 'a \t\n\x1c\u3000b'), re.findall(r'\d', '1٢3'), re.findall(r'\w+', 'naïve_x²'))

# flags
print(re.I, re.M | re.S, re.IGNORECASE | re.MULTILINE | re.ASCII, ~re.I & re.M, re.NOFLAG)
print(re.I == 2, re.M == 8, re.S == 16, re.X == 64, re.A == 256, re.U == 32, re.I | re.M == 10)
print(int(re.I | re.M), re.I.name, re.I.value, re.I in re.I | re.M, isinstance(re.I, int))
print(re.compile('a+b', re.IGNORECASE), re.compile('a'), re.compile('x', re.I | re.M | re.S | re.X))
print(re.compile('x', re.A), re.compile('(?i)x'), re.compile('(?i)x').flags, re.compile('x').flags)
print(re.compile(r'(.)' * 80))
print(re.match('ABC', 'abc', re.I), re.match('(?i)straße', 'STRASSE'), re.match('(?i)é', 'É'))
print(re.findall('^a', 'a\na', re.M), re.findall('a.b', 'a\nb', re.S), re.findall('a.b', 'a\nb'))
print(re.findall(r'\w+', 'été x', re.A), re.findall(r'(?a)\w+', 'été x'), re.findall(r'\w+', 'été x'))
print(re.findall(r'(?a)\bt\b', 'été t'), re.findall(r'\bt\b', 'été t'))
print(re.match(r'''(?x) a b   # a comment
                   [ ] c ''', 'ab c'))
print(re.match(r'a b', 'ab', re.VERBOSE), re.match(r'(?i:A)a', 'aa'), re.match(r'(?i:A)a', 'aA'))
print(re.match(r'(?-i:a)B', 'aB', re.I), re.match(r'(?-i:a)B', 'Ab', re.I), re.match('(?s:.)', '\n'))

# compile caching, Pattern objects
print(re.compile('a') is re.compile('a'), re.compile(re.compile('a')) is re.compile('a'))
print(re.compile('a') == re.compile('a'), re.compile('a') == re.compile('a', re.I))
print(re.compile(r'(\w)(?P<x>y)').groups, re.compile('(?:a)b').pattern)
print(re.purge(), re.match('x', 'x'))
for i in range(3):
    print(re.match(r'(\d)(\d)', str(12 + i * 11)).groups())

# long match repr is cut to 50 characters
print(re.match('.*', 'x' * 100))
print(re.match('.*', "it's"), re.match('.*', 'a\\b\n'))

# escape
print(re.escape('a.b*c d'), re.escape('1+1=2? [yes] {no} (x) ^$|\\ #&~-'), re.escape('é\t\n'))
print(re.escape(b'a.b c'), re.match(re.escape('a.b*'), 'a.b*x'))

# bytes patterns
print(re.search(rb'(\w+) \d', b'hi 5 x'), re.findall(rb'[a-z]+', b'ab cd'), re.split(rb',', b'a,b'))
print(re.sub(rb'a', rb'\\', b'aca'), re.compile(rb'x'), re.compile(rb'x').flags, re.match(rb'.', b'\xff'))
