import difflib
a = "one\ntwo\nthree\nfour\n".splitlines(keepends=True)
b = "one\ntwo\n3\nfour\nfive\n".splitlines(keepends=True)
print("".join(difflib.unified_diff(a, b, "a.txt", "b.txt")))
print("".join(difflib.ndiff(a, b)))
print(difflib.SequenceMatcher(None, "abcd", "bcde").ratio())
print(difflib.get_close_matches("appel", ["ape", "apple", "peach", "puppy"]))
