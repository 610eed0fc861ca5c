"""htmlcheck.py - is there executable markup in an HTML page?

Executable markup is a <script>, <iframe>, <object>, <embed>, <frame>,
<base>, <form>, <svg> or <math> element (with --svg: an <svg> is allowed
when it has only the attributes of the report's charts: viewBox, role,
aria-label), an on* attribute, a meta refresh, or a URL attribute (href,
src, action, ...) whose scheme is not http, https or mailto.  A .json
file must hold no raw < or > (the JSON writers escape them), so that no
page embedding it can be broken out of.

Used by tests/torture/markup.py (300 payloads) and by the XSS case files
(tests/data/report, tests/data/site).

usage: python3 htmlcheck.py [--svg] FILE...
"""
import html.parser
import sys

URL_ATTRS = {'href', 'src', 'action', 'formaction', 'xlink:href',
             'background', 'poster', 'data', 'srcdoc'}
BAD_TAGS = {'script', 'iframe', 'object', 'embed', 'frame', 'base', 'form',
            'svg', 'math', 'applet', 'link', 'meta-refresh'}
CHART_ATTRS = {'viewbox', 'role', 'aria-label'}


class Exec(html.parser.HTMLParser):
    def __init__(self, svg=False):
        super().__init__(convert_charrefs=True)
        self.bad = []
        self.svg = svg

    def handle_starttag(self, tag, attrs):
        chart = (self.svg and tag == 'svg' and
                 {k for k, _ in attrs} <= CHART_ATTRS)
        if tag in BAD_TAGS and not chart:
            self.bad.append('<%s>' % tag)
        for k, v in attrs:
            low = ''.join((v or '').split()).lower()
            if k.startswith('on'):
                self.bad.append('%s= on <%s>' % (k, tag))
            if k in URL_ATTRS and ':' in low.split('/')[0] and \
                    not low.startswith(('http:', 'https:', 'mailto:')):
                self.bad.append('%s=%r on <%s>' % (k, v[:40], tag))
            if k == 'http-equiv' and low == 'refresh':
                self.bad.append('meta refresh')

    handle_startendtag = handle_starttag


def html_bad(text, svg=False):
    c = Exec(svg)
    c.feed(text)
    c.close()
    return c.bad


def file_bad(path, svg=False):
    text = open(path, encoding='utf-8').read()
    if path.endswith('.json'):
        return ['raw %r in JSON' % c for c in '<>' if c in text]
    return html_bad(text, svg)


def main(args):
    svg = '--svg' in args
    files = [a for a in args if a != '--svg']
    bad = []
    for f in files:
        bad += ['%s: %s' % (f, b) for b in file_bad(f, svg)]
    print('htmlcheck: %d files, %d with executable markup'
          % (len(files), len({b.split(':')[0] for b in bad})))
    for b in bad[:20]:
        print('  FAIL', b)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
