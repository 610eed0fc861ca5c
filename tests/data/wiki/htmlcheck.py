#!/usr/bin/env python3
# htmlcheck.py [--mail] FILE... - parse HTML with Python's HTML parser and
# fail when anything could run: a tag outside the list below, an event
# handler attribute, or a link whose scheme is not http, https or mailto.
# With --mail each FILE is a whole message (from the outbox): the HTML
# part is taken from it; a directory stands for its .html files.  Prints "N passed, N failed".
import email, html.parser, os, sys

TAGS = {"html", "head", "body", "meta", "title", "style", "p", "h1", "h2",
        "h3", "h4", "h5", "h6", "ul", "ol", "li", "pre", "code", "a",
        "strong", "em", "br", "hr", "div", "span"}
ATTRS = {"href", "style", "charset", "name", "content", "http-equiv"}


class Check(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        if tag not in TAGS:
            self.bad.append("tag <%s>" % tag)
        if tag == "meta":
            d = dict(attrs)
            if d.get("http-equiv", "").lower() not in ("", "content-security-policy"):
                self.bad.append("meta http-equiv %r" % d.get("http-equiv"))
        for k, v in attrs:
            v = v or ""
            if k not in ATTRS or k.startswith("on"):
                self.bad.append("attribute %s on <%s>" % (k, tag))
            if k == "href":
                low = "".join(v.split()).lower()
                if ":" in low.split("/")[0] and not low.startswith(
                        ("http:", "https:", "mailto:")):
                    self.bad.append("href %r" % v)
            if k == "style" and ("url(" in v.lower() or "expression" in v.lower()):
                self.bad.append("style %r" % v)
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        self.in_style = False

    def handle_data(self, data):
        if self.in_style and ("url(" in data or "expression" in data):
            self.bad.append("style content")


def html_of(path, mail):
    raw = open(path, "rb").read()
    if not mail:
        return raw.decode("utf-8")
    m = email.message_from_bytes(raw)
    for part in m.walk():
        if part.get_content_type() == "text/html":
            return part.get_payload(decode=True).decode("utf-8")
    return None


mail = "--mail" in sys.argv
files = []
for a in sys.argv[1:]:
    if a == "--mail":
        continue
    if os.path.isdir(a):  # every .html file under a directory
        for d, _, names in sorted(os.walk(a)):
            files += [os.path.join(d, n) for n in sorted(names) if n.endswith(".html")]
    else:
        files.append(a)
ok = bad = 0
for f in files:
    h = html_of(f, mail)
    if h is None:
        print("FAIL %s: no HTML part" % f)
        bad += 1
        continue
    c = Check()
    c.feed(h)
    c.close()
    if c.bad:
        print("FAIL %s: %s" % (f, "; ".join(c.bad[:5])))
        bad += 1
    else:
        ok += 1
print("%d passed, %d failed" % (ok, bad))
sys.exit(1 if bad or not files else 0)
