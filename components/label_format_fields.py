"""Text datasets: how labels sit beside the text (Table 10), with an example of each layout."""

import streamlit as st

from models import LabelFormat, Offer
from models.messages import N_
from services import form_state
from services.form_state import CUSTOM, CUSTOM_SUFFIX, SEPARATOR_NAMES
from services.i18n import _, render

from . import state_widgets
from .problem_notes import ProblemIndex, show_field_problems

LAYOUTS = {
    "1": N_("Text and labels in one file"),
    "0": N_("Labels in a separate _result file"),
}
SAME_FILE_EXAMPLE = (  # (text, labels) lines, joined with the separators chosen
    ("Great phone, fast delivery", ["positive"]),
    ("Battery died in a day", ["negative", "hardware"]),
    ("Arrived on time", ["neutral"]),
)
SEPARATE_FILES_EXAMPLE = (
    "reviews.txt:\nGreat phone, fast delivery\nBattery died in a day\nArrived on time\n\n"
    "reviews_result.txt:\npositive\nnegative\nneutral"
)


def _title(name: str) -> str:
    return _(str(LabelFormat.model_fields[name].title))


def _chosen(key: str) -> str:
    value = st.session_state.get(key, form_state.DEFAULTS[key])
    if value == CUSTOM:
        return str(st.session_state.get(key + CUSTOM_SUFFIX) or "") or "?"
    return str(value)


def _name(separator: str) -> str:
    """A separator's name as the example's caption says it: "comma", "Tab", or the character typed."""
    name = _(SEPARATOR_NAMES[separator]) if separator in SEPARATOR_NAMES else repr(separator)
    return name.split(" ")[0].lower().replace("tab", "Tab")


def same_file_example(sample_separator: str, label_separator: str) -> str:
    """The example file's lines with these separators (a Tab shown as ⇥)."""
    lines = [text + sample_separator + label_separator.join(labels) for text, labels in SAME_FILE_EXAMPLE]
    return "\n".join(lines).replace("\t", "⇥")


def _mark(key: str) -> None:
    form_state.mark_present(st.session_state, key)


def _separator(key: str, problems: ProblemIndex) -> None:
    names = {separator: _(name) for separator, name in SEPARATOR_NAMES.items()}  # named in this run's language
    st.selectbox(
        _title(key.rsplit(".", 1)[1]),
        list(SEPARATOR_NAMES),
        key=key,
        format_func=names.__getitem__,
        on_change=_mark,
        args=(key,),
        persist_state="session",
    )
    if st.session_state.get(key) == CUSTOM:
        st.text_input(
            _("Separator character"),
            key=key + CUSTOM_SUFFIX,
            help=_("One letter, digit, or one of !@#$%^&*_=|?/':.;,"),
            persist_state="session",
            live=True,
        )
    show_field_problems(problems, key)


def label_format_fields(offer: Offer | None, problems: ProblemIndex) -> None:
    if offer is not None and not offer.allowed:
        st.caption(render(offer.reason))
        show_field_problems(problems, "label_format", prefix=True)
        return
    layout = state_widgets.choice(
        _title("label_type"),
        "label_format.label_type",
        ["1", "0"],
        {value: _(words) for value, words in LAYOUTS.items()},
        help=_("How the text files carry their labels."),
    )
    show_field_problems(problems, "label_format.label_type")
    if layout == "0":
        st.caption(_("Each line of x.txt is a sample; the same line of x_result.txt holds its label. For example:"))
        st.code(SEPARATE_FILES_EXAMPLE, language=None)
        return
    sample_separator = _chosen("label_format.text_sample_separator")
    label_separator = _chosen("label_format.text_label_separator")
    st.caption(
        _(
            "Each line is the text, the text-label separator, then its labels split by the label separator. "
            "With the separators chosen below ({sample_separator}, {label_separator}):"
        ).format(sample_separator=_name(sample_separator), label_separator=_name(label_separator))
    )
    st.code(same_file_example(sample_separator, label_separator), language=None)
    left, right = st.columns(2)
    with left:
        _separator("label_format.text_sample_separator", problems)
    with right:
        _separator("label_format.text_label_separator", problems)
