import shlex
print(shlex.split('a "b c" d\\ e \'f g\''))
print(shlex.quote("hello world"), shlex.quote("safe"), shlex.join(["a b", "c"]))
