"""Putting service and user text into Markdown safely."""

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def md_escape(text: str) -> str:
    """Text shown as written: no Markdown, no LaTeX, no emoji shortcodes."""
    return _SPECIAL.sub(r"\\\1", text)
