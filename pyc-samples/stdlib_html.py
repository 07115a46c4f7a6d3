import html
print(html.escape('<a href="x">&</a>'), html.escape("'", quote=False))
print(html.unescape("&lt;b&gt; &amp; &#39; &eacute; &#x41;"))
