"""Problems shown next to the field they concern, in the models' own words (in the reader's language)."""

from collections import defaultdict
from collections.abc import Iterable

import streamlit as st

from models import Problem
from services.i18n import _, render

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
                show_problem(problem)


def show_problem(problem: Problem) -> None:
    """Red for something wrong, orange for a warning, grey for a field that is simply still empty."""
    if problem.is_missing:
        st.markdown(f":gray[:material/edit: {md_escape(render(problem.text))}]")
        return
    colour = "red" if problem.severity == "error" else "orange"
    icon = ":material/error:" if problem.severity == "error" else ":material/warning:"
    st.markdown(f":{colour}[{icon} {md_escape(render(problem.text))}]")


def check_summary(errors: list[Problem], warnings: list[Problem]) -> None:
    """All problems in one place, fields still to fill in apart from things to correct."""
    missing = [p for p in errors if p.is_missing]
    wrong = [p for p in errors if not p.is_missing]
    if wrong:
        st.error(_("{count} thing(s) to correct before submitting:").format(count=len(wrong)))
    if missing:
        st.info(_("Still to fill in:") if not wrong else _("And still to fill in:"), icon=":material/edit:")
    for problem in [*wrong, *missing]:
        show_problem(problem)
    if warnings:
        st.warning(_("The request can be sent. Worth a look first:") if not errors else _("Also worth a look:"))
        for problem in warnings:
            show_problem(problem)
    if not errors and not warnings:
        st.success(_("The request is complete and valid for this dataset."))
