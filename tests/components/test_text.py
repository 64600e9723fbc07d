"""The one escape helper (issue 14, point 9): hostile text from the service, a file or a user is shown as written."""

from __future__ import annotations

import re

import pytest

from components.text import MARKUP, md_escape

HOSTILE = [
    "![pixel](http://evil.invalid/p.png)",
    "[click here](http://evil.invalid/phish) and <https://evil.invalid/auto>",
    "<img src=http://evil.invalid/i.png onerror=alert(1)> <script>alert(1)</script> &lt;b&gt;",
    "# Heading\n\n---\n\n* list\n1. item\n> quote\n\n    indented code\n\ttab\n\nTitle\n=====",
    "**bold** _em_ ~~strike~~ `code` ```fence``` | a | b |\n|---|---|",
    ":red[red] :material/warning: :smile: $x^2$ $$y$$ \\(latex\\)",
    "C:\\path\\to\\file [1] {a} (b) ü 😀 % & ; ' \"",
    "",
]


PUNCTUATION = re.compile("[" + re.escape(MARKUP) + "]")


def bare_punctuation(escaped: str) -> list[str]:
    """Punctuation that is not escaped by a backslash (what Markdown would read as markup)."""
    bare, position = [], 0
    while position < len(escaped):
        char = escaped[position]
        if char == "\\" and position + 1 < len(escaped) and PUNCTUATION.match(escaped[position + 1]):
            position += 2
            continue
        if PUNCTUATION.match(char):
            bare.append(char)
        position += 1
    return bare


def unescape(text: str) -> str:
    return re.sub("\\\\([" + re.escape(MARKUP) + "])", r"\1", text).replace("\u00a0", " ").replace("\u2060", "")


@pytest.mark.parametrize("text", HOSTILE)
def test_every_markup_character_is_escaped_and_the_text_reads_as_written(text: str) -> None:
    escaped = md_escape(text)
    # No markup character is left without its backslash: nothing can open a link, an image, HTML or a directive.
    assert bare_punctuation(escaped) == [], escaped
    assert unescape(escaped) == text.replace("\t", "    ")
    # No line starts with spaces: nothing becomes a code block.
    assert not re.search(r"^[ \t]", escaped, re.MULTILINE)


def test_anything_is_made_text() -> None:
    assert md_escape(None) == "None" and md_escape(3.5) == "3\\.5"


def test_bare_addresses_are_not_autolinked_yet_read_the_same() -> None:
    escaped = md_escape("see https://evil.invalid/x, www.evil.invalid and root@evil.invalid")
    assert not re.search(r"https?\\?:|www\\?\.|@\w", escaped.replace("\u2060", "|"))
    assert unescape(escaped) == "see https://evil.invalid/x, www.evil.invalid and root@evil.invalid"
