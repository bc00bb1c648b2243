"""Content shown inside markdown as the text it is: the one escape for labels, terms and titles.

Streamlit renders headings, expander and pill labels and `st.markdown` as markdown, with maths
(`$…$`), colour and icon directives (`:red[…]`, `:material/…:`) and, in places, HTML. A label from
data/ is text: an editor's `![x](https://…)` must not make every learner's browser fetch an outside
address, and `$x$` must not turn into maths (issue 21). Every place that shows a label, term or title
inside markdown passes it through `md_text`.
"""

from __future__ import annotations

__all__ = ["md_text"]

import re

# CommonMark lets a backslash escape any ASCII punctuation. These mean something anywhere in a line
# (emphasis, code, links and images, HTML, tables, maths, Streamlit's directives, entities); the
# rest are left alone so that labels read the same in tests and in copied text.
_SPECIAL = frozenset("\\`*_{}[]<>#!|$~")
# A colon or an ampersand matters only before a letter or a slash: `:red[`, `:smile:`, `&lt;`, `https://`.
# "Forehead: a claim" and "Signs & tests" stay as they are.
_BEFORE_A_LETTER = re.compile(r"([:&])(?=[A-Za-z#/])")
# These mean something only at the start of a line: a list, a quote, a setext rule, an ordered list.
_LEADING = re.compile(r"^([-+=>]|\d+(?=[.)]))")


def md_text(text: str) -> str:
    """`text` escaped so that markdown shows it literally, on one line (a heading or a label has one).

    >>> print(md_text("![x](https://evil.example) $a$ :red[b] <b> C1–C2 atlanto-axial (right)"))
    \\!\\[x\\](https\\://evil.example) \\$a\\$ \\:red\\[b\\] \\<b\\> C1–C2 atlanto-axial (right)
    >>> print(md_text("Forehead: a claim & a test"))
    Forehead: a claim & a test
    >>> print(md_text("- 1. item"), md_text("1. item"))
    \\- 1. item 1\\. item
    """
    flat = " ".join(text.split())
    escaped = _BEFORE_A_LETTER.sub(r"\\\1", "".join("\\" + ch if ch in _SPECIAL else ch for ch in flat))
    if match := _LEADING.match(escaped):
        end = match.end()
        return escaped[:end] + "\\" + escaped[end:] if match.group(1)[0].isdigit() else "\\" + escaped
    return escaped
