"""Where the data is: the source picker and each source's own fields (reference §6)."""

import streamlit as st

from models import SOURCES, SourceInfo
from models.data_sources import FIELDS
from services import form_state
from services.i18n import _

from . import glossary, state_widgets
from .problem_notes import ProblemIndex, show_field_problems
from .table_source_pickers import table_source_picker


def _title(name: str) -> str:
    return _(str(SourceInfo.model_fields[name].title))


def _with_api_name(text: str | None, name: str) -> str:
    api_name = _("In the API: `{field}`.").format(field=f"data_source.source_info.{name}")
    return "\n\n".join(part for part in (text and _(text), api_name) if part)


def source_picker(table_dataset: bool | None, problems: ProblemIndex) -> str:
    """The source picker (key `import_origin`). Table sources are offered only for table datasets."""
    options = [kind for kind, spec in SOURCES.items() if table_dataset is not False or not spec.table_source]
    if form_state.source_of(st.session_state) not in options:
        options.append(form_state.source_of(st.session_state))
    names = {kind: _(SOURCES[kind].label) for kind in options}  # named now, in this run's language
    source = st.selectbox(
        glossary.label("import_origin", _("Source")),
        options,
        key=form_state.SOURCE_KEY,
        format_func=names.__getitem__,
        on_change=form_state.choose_source,
        args=(st.session_state,),
        persist_state="session",
        help=glossary.help_text("import_origin", _("Import origin")),
    )
    st.caption(_(SOURCES[source].hint))
    if table_dataset is False:
        st.caption(_("GaussDB(DWS), DLI, RDS and MRS import into table datasets only, so they are not offered."))
        if SOURCES[source].table_source:
            st.warning(
                _("{source} imports into table datasets only. Choose OBS, or a table dataset.").format(
                    source=_(SOURCES[source].label)
                )
            )
    show_field_problems(problems, form_state.SOURCE_KEY, form_state.DATA_TYPE_KEY)
    return source


def sandbox_note(source: str, sandbox: bool) -> None:
    """Before anything is sent: the local sandbox accepts an import from this source, then fails it."""
    if sandbox and "sandbox" not in SOURCES[source].check_source:
        st.info(
            _(
                "The local sandbox cannot read {source}: it reads only OBS paths (its local folder) and MRS HDFS "
                "paths. It accepts this import and then fails it; nothing in the form is wrong. To really import "
                "from it, choose Huawei Cloud ModelArts on the Connection page."
            ).format(source=_(SOURCES[source].label)),
            icon=":material/science:",
        )


def source_info_fields(source: str, problems: ProblemIndex) -> None:
    """The source's own Table 5 fields, then the rest of Table 5 in a closed section (the spec ties them to no
    source, so they are offered, not pressed)."""
    spec = SOURCES[source]
    if not spec.table_source:
        return
    table_source_picker(source)  # the user's own clusters, queues and instances, picked instead of typed
    _fields(spec.fields, problems)
    more = st.expander(_("More connection fields ({count})").format(count=len(spec.more_fields)), on_change="rerun")
    if more.open or any(st.session_state.get(key) for key in spec.more_fields):
        with more:
            _fields(spec.more_fields, problems)
    else:
        for key in spec.more_fields:
            show_field_problems(problems, key)
    show_field_problems(problems, "data_source.source_info")


def _fields(keys: tuple[str, ...], problems: ProblemIndex) -> None:
    columns = st.columns(2)
    for index, key in enumerate(keys):
        name = FIELDS[key].name
        with columns[index % 2]:
            if FIELDS[key].secret:
                state_widgets.secret(_title(name), key, help=_(FIELDS[key].help))
            elif FIELDS[key].choices:
                words = {value: _(word) for value, word in FIELDS[key].choices}
                state_widgets.choice(_title(name), key, list(words), words, help=_(FIELDS[key].help))
            else:
                state_widgets.text(_title(name), key, help=_with_api_name(FIELDS[key].help, name))
            show_field_problems(problems, key)
