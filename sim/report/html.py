"""HTML handouts: an :class:`~sim.explain.model.Explanation` as one standalone page.

The page has its styles inline and no external resources, so it can be mailed or put on a
course site as a single file.  Charts are passed in as PNG bytes (``images``) and embedded as
base64 ``data:`` URIs; the core never draws (the CLI makes the charts when matplotlib is
available).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape as _esc

from ..explain.model import Bullets, Derivation, Explanation, Paragraph, Preformatted, Table

__all__ = ["escape", "render_body", "render_html", "render_slide_html", "table_html"]

STYLE = """
body { font-family: Georgia, 'DejaVu Serif', serif; max-width: 52rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.5; color: #1d1d1f; background: #fdfdfb; }
h1 { font-size: 1.9rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.3rem; border-bottom: 1px solid #ccc; padding-bottom: 0.2rem; margin-top: 2rem; }
.subtitle { color: #555; font-style: italic; margin-top: 0; }
table { border-collapse: collapse; margin: 0.8rem 0 1.2rem; font-size: 0.95rem; }
caption { caption-side: top; text-align: left; font-style: italic; padding-bottom: 0.3rem; }
th, td { border: 1px solid #bbb; padding: 0.3rem 0.6rem; text-align: center; vertical-align: top; }
th { background: #eef1f5; }
td:first-child, th:first-child { text-align: left; }
td.hl { background: #fde9a8; font-weight: bold; }
pre, .derivation { background: #f3f3ee; border-left: 3px solid #9aa; padding: 0.6rem 0.9rem;
       font-family: 'DejaVu Sans Mono', Menlo, monospace; font-size: 0.9rem;
       white-space: pre-wrap; }
td.long { text-align: left; }
figure { margin: 1rem 0; } figure img { max-width: min(100%, 36rem); border: 1px solid #ddd; }
figcaption { font-style: italic; color: #444; }
"""


def escape(text: str) -> str:
    return _esc(" ".join(text.split()), quote=True)


def table_html(t: Table) -> str:
    out = ["<table>"]
    if t.caption:
        out.append(f"<caption>{escape(t.caption)}</caption>")
    out.append(
        "<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in t.header) + "</tr></thead><tbody>"
    )
    for r, row in enumerate(t.rows):
        cells = []
        for j, c in enumerate(row):
            classes = (["hl"] if (r, j) in t.highlight else []) + (["long"] if len(c) > 24 else [])
            cls = f' class="{" ".join(classes)}"' if classes else ""
            tag = "th" if j == 0 else "td"
            if tag == "th":
                cls = ' scope="row"' + cls
            cells.append(f"<{tag}{cls}>{escape(c)}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _figure(caption: str, png: bytes) -> str:
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<figure><img alt="{escape(caption)}" src="data:image/png;base64,{data}">'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def render_html(
    expl: Explanation, *, images: Sequence[tuple[str, bytes]] = (), images_after: str = "payoffs"
) -> str:
    """A complete HTML5 page.  ``images`` are ``(caption, png_bytes)`` pairs, placed after the
    section whose key is ``images_after`` (or at the end when there is no such section)."""
    title = escape(expl.title)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + render_body(expl, images=images, images_after=images_after)
        + "\n</body>\n</html>\n"
    )


def render_body(
    expl: Explanation, *, images: Sequence[tuple[str, bytes]] = (), images_after: str = "payoffs"
) -> str:
    """The page's content without the document around it (what a notebook displays)."""
    title = escape(expl.title)
    body = [f"<h1>{title}</h1>"]
    if expl.subtitle:
        body.append(f'<p class="subtitle">{escape(expl.subtitle)}</p>')
    placed = False
    for k, sec in enumerate(expl.sections, 1):
        body.append(f'<section id="{escape(sec.key)}"><h2>{k}. {escape(sec.title)}</h2>')
        for b in sec.blocks:
            if isinstance(b, Paragraph):
                body.append(f"<p>{escape(b.text)}</p>")
            elif isinstance(b, Bullets):
                body.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in b.items) + "</ul>")
            elif isinstance(b, Table):
                body.append(table_html(b))
            elif isinstance(b, Derivation):
                if b.caption:
                    body.append(f"<p><em>{escape(b.caption)}:</em></p>")
                body.append(
                    '<div class="derivation">'
                    + "<br>".join(_esc(line) for line in b.lines)
                    + "</div>"
                )
            elif isinstance(b, Preformatted):
                body.append(f"<pre>{_esc(b.text)}</pre>")
        if sec.key == images_after and images:
            body.extend(_figure(c, png) for c, png in images)
            placed = True
        body.append("</section>")
    if images and not placed:
        body.extend(_figure(c, png) for c, png in images)
    return "\n".join(body)


SLIDE_STYLE = """
html, body { margin: 0; background: #fdfdfb; color: #1d1d1f; }
body { font-family: Georgia, 'DejaVu Serif', serif; }
main { box-sizing: border-box; width: min(100vw, 177.8vh); min-height: min(56.25vw, 100vh);
       margin: 0 auto; padding: 2.5vh 3vw; display: flex; flex-direction: column; }
h1 { font-size: 2.1rem; margin: 0 0 0.3rem; }
.headline { font-size: 1.35rem; font-weight: bold; margin: 0.2rem 0 0.6rem; }
.with { color: #555; font-style: italic; margin: 0; }
.body { display: flex; gap: 2vw; align-items: flex-start; flex: 1; }
figure { margin: 0; flex: 3; min-width: 0; }
figure img { width: 100%; max-height: 62vh; object-fit: contain; border: 1px solid #ddd; }
figcaption { font-style: italic; color: #444; font-size: 0.9rem; }
ul { flex: 2; font-size: 1.2rem; line-height: 1.45; margin: 0; padding-left: 1.2rem; }
li { margin-bottom: 0.7rem; }
.source { color: #555; font-size: 0.85rem; margin-top: 0.6rem; }
"""


def render_slide_html(slide) -> str:
    """One page for a projector: the title, the headline, one chart, three lines; inline style
    and image, no external resources."""
    parts = [f"<main><h1>{escape(slide.title)}</h1>"]
    if slide.parameters:
        parts.append(f'<p class="with">{escape(slide.parameters)}</p>')
    parts.append(f'<p class="headline">{escape(slide.headline)}</p><div class="body">')
    if slide.image is not None:
        parts.append(_figure(*slide.image))
    parts.append("<ul>" + "".join(f"<li>{escape(x)}</li>" for x in slide.lines) + "</ul></div>")
    if slide.source:
        parts.append(f'<p class="source">Source: {escape(slide.source)}</p>')
    parts.append("</main>")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(slide.title)}</title>\n<style>{SLIDE_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(parts)
        + "\n</body>\n</html>\n"
    )
