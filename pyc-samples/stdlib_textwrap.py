import textwrap
s = "The quick brown fox jumps over the lazy dog. " * 4
print(textwrap.fill(s, width=30))
print(textwrap.wrap(s, 20))
print(textwrap.dedent("""\
    hello
      world
    """))
print(textwrap.indent("a\nb\n", "> "))
print(textwrap.shorten("Hello  world, this is a long line", width=20))
