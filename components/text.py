"""The one way text from outside (the service, a file, a user) is put on a page: escaped, shown as written.

Streamlit renders Markdown in st.markdown, st.caption, st.error/warning/info/success, toasts, widget labels,
image captions and progress texts, with its own directives on top (`:red[…]`, `:material/…:`, emoji
shortcodes, `$…$` LaTeX). Any ASCII punctuation character may be escaped with a backslash (CommonMark §2.4),
which turns it into itself; every character with a meaning in Markdown, GitHub's tables and strike-through,
HTML, entities and Streamlit's directives is escaped: no image loads, no link, no HTML, no heading, list,
table, code or directive. Line breaks stay line breaks, and leading spaces cannot start a code block.

Escapes do not stop GitHub's autolinks (a bare `http://…`, `www.…` or e-mail address becomes a link after the
escapes are resolved), so an invisible WORD JOINER (U+2060) follows each `http`, `www` and `@`: the text reads
the same, and no link to the address a message names is drawn. Text meant to be copied (an address) is shown
with st.text or st.code instead.
"""

import re

MARKUP = "\\`*_{}[]()#+-.!|~<>$:=&"  # the characters that mean something; quotes, commas, slashes… do not
_PUNCTUATION = re.compile("([" + re.escape(MARKUP) + "])")
_LINE_START = re.compile(r"^[ \t]+", re.MULTILINE)
_AUTOLINK = re.compile(r"(?i)(?:https?|ftp|www)(?=[:.])|@")
WORD_JOINER = "\u2060"


def md_escape(text: object) -> str:
    """`text` (anything: it is made a string) shown as written, wherever Markdown is rendered."""
    unlinked = _AUTOLINK.sub(lambda m: m.group(0) + WORD_JOINER, str(text))
    escaped = _PUNCTUATION.sub(r"\\\1", unlinked)
    # Indentation would make a code block (or continue a list): keep it visible, not meaningful.
    return _LINE_START.sub(lambda m: "\u00a0" * len(m.group(0).expandtabs(4)), escaped)
