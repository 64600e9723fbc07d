"""Problems shown next to the field they concern, in the models' own words."""

from collections import defaultdict
from collections.abc import Iterable

import streamlit as st

from models import Problem

from .text import md_escape

ProblemIndex = dict[str, list[Problem]]


def index_problems(problems: Iterable[Problem]) -> ProblemIndex:
    by_key: ProblemIndex = defaultdict(list)
    for problem in problems:
        by_key[problem.key].append(problem)
    return by_key


def show_field_problems(index: ProblemIndex, *keys: str, prefix: bool = False) -> None:
    """Under a widget: the problems whose path is one of `keys` (or lies below one, with prefix=True)."""
    for key, problems in index.items():
        if key in keys or (prefix and any(key.startswith(k + ".") for k in keys)):
            for problem in problems:
                colour = "red" if problem.severity == "error" else "orange"
                icon = ":material/error:" if problem.severity == "error" else ":material/warning:"
                st.markdown(f":{colour}[{icon} {md_escape(problem.text)}]")
