def foo(name):
    message = f"Hello, {name}!"
    print(message)


foo("World")
