"""Uncaught exceptions with chaining: implicit context (raise inside except)
and explicit cause (raise ... from ...)."""


def parse(text):
    try:
        return int(text)
    except ValueError as e:
        raise RuntimeError(f"could not parse {text!r}") from e


def load(texts):
    results = []
    for t in texts:
        try:
            results.append(parse(t))
        except RuntimeError:
            results.append(None)
    return results


print(load(["1", "x", "3"]))
try:
    {}["key"]
except KeyError:
    try:
        parse("bad")
    except RuntimeError as err:
        raise LookupError("lookup failed while handling") from err
