# urllib.parse loads (its namedtuple results set __doc__ on their field properties).
from urllib.parse import urlparse, urljoin, urlsplit, unquote, parse_qs
from collections import namedtuple
u = urlparse("https://user@example.com:8080/a/b;p?q=1&r=two#frag")
print(u.scheme, u.netloc, u.path, u.params, u.query, u.fragment, u.port, u.hostname, u.username)
print(u.geturl(), u._replace(scheme="http").geturl())
print(urljoin("http://a/b/c/d", "../e"), urlsplit("http://h/p?q").query)
print(unquote("a%20b"), parse_qs("x=1&x=2&y=3"))
P = namedtuple("P", "x y")
P.x.__doc__ = "the x"
print(P.x.__doc__)
p = property(lambda s: 1, doc="orig")
p.__doc__ = "changed"
print(p.__doc__)
class Q(dict):
    def __missing__(self, k):
        return k * 2
q = Q(a=1)
print(dict.__getitem__(q, 3), dict.__getitem__(q, "a"), q[5])
import sched
print(sched.scheduler.__name__)
