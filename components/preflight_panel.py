"""Check source: read the source as the service will before submitting, show what would be imported and
what is wrong, offer one-click label fixes, and later flag a task that imported less than expected.

    preflight_panel(client, dataset, details, source_kind, body)   # on the compose page
    shortfall_note(task_id, status)                            # on a finished task's card
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

import streamlit as st

from client import ModelArtsClient
from models import SOURCES, Dataset, ImportTaskRequest, ImportTaskStatus
from models.messages import N_
from services import form_state, source_check
from services.i18n import _, number, render
from services.session_state import task_tracker
from services.session_state.preflight_panel import (
    AMOUNT,
    LABELS,
    PANEL,
    PROBLEMS,
    RUN,
    Checked,
    PreflightState,
    change_popover,
    fix_button,
)
from services.submit import fingerprint, last_submission
from services.target import Connection, current_connection, target_label

from .text import md_escape

if TYPE_CHECKING:
    from preflight import LabelFix, PreflightReport

# preflight (the layout readers, PIL, boto3 on demand) is imported where a check runs or a result is shown:
# the panel itself needs none of it, and a new session's first page then does not load it.

DEFAULT_AMOUNT = 1_000  # preflight.DEFAULT_MAX_FILES (tests hold them equal)
_AMOUNT = N_("{count} files, lines or lookups")
AMOUNTS: dict[int, str] = {200: _AMOUNT, DEFAULT_AMOUNT: _AMOUNT, 10_000: _AMOUNT, 0: N_("Everything (may take long)")}
AMOUNT_HELP = N_(
    "Large sources are sampled. A folder: this many files are read. A text or CSV file: this many lines. A "
    "manifest (up to 8 MB, the most the service takes) is read whole, and every object it names is checked to "
    "exist through listings of their folders; this many objects are looked up one by one: on the sandbox's "
    "folder, whose listing has names only, sizes are looked up for that many objects spread evenly across the "
    "source (images over 5 MB are skipped by "
    "the service). Everything: no bound; every size is looked up."
)
PROBLEMS_SHOWN = 500
STATUS_TEXT = {
    "matches": N_("✓ in dataset"),
    "new": N_("new label"),
    "near_duplicate": N_("near-duplicate"),
    "renamed": N_("renamed"),
    "missing": N_("not in source"),
    "not_in_source": N_("filter matches nothing"),
}
SEVERITIES = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}  # sources' SourceProblem.severity
FIGURES = (  # (the report's attribute, its name on the page)
    ("files_listed", N_("Files")),
    ("samples_found", N_("Samples found")),
    ("annotated_found", N_("Annotated")),
    ("kept", N_("Would import")),
    ("kept_annotated", N_("Annotated, kept")),
)
LABEL_COLUMNS = {
    "Label": N_("Label"),
    "In source": N_("In source"),
    "Would import": N_("Would import"),
    "In dataset": N_("In dataset"),
    "Status": N_("Status"),
    "Note": N_("Note"),
}
PROBLEM_COLUMNS = {
    "Severity": N_("Severity"),
    "File": N_("File"),
    "Line": N_("Line"),
    "Problem": N_("Problem"),
    "What to do": N_("What to do"),
}
PROGRESS = {  # a stage of preflight.check_source -> what the bar says
    "listing": N_("Listed {done} file(s)"),
    "files": N_("Read {done} file(s)"),
    "bytes": N_("Read {percent}% of the file"),
    "samples": N_("Parsed {done} sample(s)"),
    "previews": N_("Drawing sample images ({done} of {total})"),
}


# the panel


def _state() -> PreflightState:
    return PreflightState(st.session_state)


def preflight_panel(
    client: ModelArtsClient,
    dataset: Dataset | None,
    details: Dataset | None,
    source_kind: str | None,
    body: dict[str, Any],
) -> None:
    """`source_kind`: the source of the body as a valid request (components.judgement), None when it is not one."""
    connection = current_connection()
    target = target_label(connection)
    _remember_expectation(_state())
    with st.container(border=True, key=PANEL):
        st.markdown(_("**Check source**"))
        st.caption(
            _(
                "Reads the source the way the service will, before anything is sent: what would be imported, "
                "labels against the dataset's, and problems with file and line."
            )
        )
        why_not = _why_not(connection, dataset, source_kind)
        left, right = st.columns([2, 3], vertical_alignment="bottom")
        with left:
            st.selectbox(
                _("How much to read"),
                list(AMOUNTS),
                format_func={amount: _amount_name(amount) for amount in AMOUNTS}.get,  # translated now, not later
                key=AMOUNT,
                index=1,
                help=_(AMOUNT_HELP),
            )
        with right:
            run = st.button(_("Check source"), key=RUN, icon=":material/fact_check:", disabled=why_not is not None)
        if why_not:
            st.caption(why_not)
        if run and why_not is None and dataset is not None:
            _run(client, connection, details or dataset, ImportTaskRequest.model_validate(body), body, target)
        checked = _state().checked
        if checked is not None and dataset is not None and checked.dataset_id == dataset.dataset_id:
            _show(checked, body)


def _amount_name(amount: int) -> str:
    return _(AMOUNTS[amount]).format(count=number(amount))


def _why_not(connection: Connection, dataset: Dataset | None, source_kind: str | None) -> str | None:
    if dataset is None:
        return _("Choose a dataset first.")
    source = source_kind or form_state.source_of(st.session_state)
    if connection.kind not in SOURCES[source].check_source:
        if connection.kind == "modelarts":
            why = _("Check source reads OBS paths; a {source} source is read by the service itself.")
        else:
            why = _(
                "Check source reads OBS paths and the sandbox's HDFS folder; a {source} source is read by the "
                "service itself."
            )
        return why.format(source=source.upper())
    if source_kind is None:
        return _("Fix the form's problems first.")
    return None


def _run(
    client: ModelArtsClient,
    connection: Connection,
    dataset: Dataset,
    request: ImportTaskRequest,
    body: dict[str, Any],
    target: str,
) -> None:
    from preflight import check_source

    amount = DEFAULT_AMOUNT if _state().amount is None else _state().amount
    with st.status(_("Reading the source…"), expanded=True) as box:
        bar = st.progress(0.0, text=_("Connecting…"))
        try:
            storage, read_from = source_check.reader(connection, client)
        except Exception as exc:  # e.g. boto3 refusing the settings: say so, never show the keys
            storage, read_from = None, _("The source cannot be read ({error}).").format(error=type(exc).__name__)
        if storage is None:
            box.update(label=_("Not checked"), state="error")
            st.error(md_escape(read_from))
            return
        report = check_source(
            request, dataset, storage, max_files=amount or None, progress=_Progress(bar), read_from=read_from
        )
        failed = report.failure is not None
        label = (
            _("The source could not be read")
            if failed
            else _("Checked: {samples} sample(s), {problems} problem(s)").format(
                samples=number(report.samples_found), problems=number(report.problem_total)
            )
        )
        box.update(label=label, state="error" if failed else "complete", expanded=False)
    dataset_id = dataset.dataset_id
    _state().checked = Checked(report, body, dataset_id, fingerprint(target, dataset_id, body))


class _Progress:
    """Moves the bar: a fraction for a single file (bytes), a count for folders; redrawn only on change."""

    def __init__(self, bar: Any) -> None:
        self.bar = bar
        self.last: tuple[int, str] | None = None

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        fraction = min(1.0, done / total) if total else 0.0
        text = stage
        if stage in PROGRESS:
            text = _(PROGRESS[stage]).format(done=number(done), total=number(total or 0), percent=round(fraction * 100))
        shown = (round(fraction * 100), text)
        if shown != self.last:
            self.last = shown
            self.bar.progress(fraction, text=text)


def _show(checked: Checked, body: dict[str, Any]) -> None:
    report = checked.report
    if checked.body != body:
        st.info(
            _("The form changed since this check. Check again to see what it would import now."),
            icon=":material/update:",
        )
    st.caption(
        md_escape(
            _("Read from {source}. {amount}").format(source=report.read_from, amount=render(report.how_much_read()))
        )
    )
    if report.failure:
        code = f"{report.failure_code}: " if report.failure_code else ""
        st.error(md_escape(code + render(report.failure)), icon=":material/error:")
        return
    columns = st.columns(len(FIGURES))
    for column, (attribute, name) in zip(columns, FIGURES, strict=True):
        more = "+" if attribute == "files_listed" and not report.listing_complete else ""
        column.metric(_(name), number(getattr(report, attribute)) + more)
    if report.files_by_kind:
        kinds = ", ".join(f"{number(count)} {render(kind)}" for kind, count in report.files_by_kind.items())
        st.caption(_("Files: {kinds}").format(kinds=kinds))
    for note in report.filter_notes:
        st.markdown(f"- {md_escape(render(note))}")
    _label_table(report)
    _fixes(checked, body)
    _problems(report)
    _previews(report)


def _label_table(report: PreflightReport) -> None:
    import pandas as pd  # here: only a checked source's tables need it, and it is heavy

    if not report.labels:
        return
    st.markdown(_("**Labels**"))
    rows = [
        {
            "Label": repr(row.name) if row.name != row.name.strip() else row.name,
            "In source": row.in_source,
            "Would import": row.kept,
            "In dataset": row.in_dataset,
            "Status": _(STATUS_TEXT[row.status]) if row.status in STATUS_TEXT else row.status,
            "Note": render(row.note),
        }
        for row in report.labels
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, key=LABELS, column_config=_titles(LABEL_COLUMNS))


def _titles(columns: dict[str, str]) -> dict[str, Any]:
    """A table's columns titled in the reader's language (the frame keeps the English names)."""
    return {name: st.column_config.Column(_(title)) for name, title in columns.items()}


def _fixes(checked: Checked, body: dict[str, Any]) -> None:
    fixes = checked.report.fixes
    if not fixes:
        return
    st.markdown(_("**Fixes** · each changes the request's included labels; the preview below shows the result."))
    for index, fix in enumerate(fixes):
        applied = fix.is_applied(body)
        with st.container(border=True):
            head, button = st.columns([4, 1], vertical_alignment="center")
            with head:
                st.markdown(f"**{md_escape(render(fix.title))}** — {md_escape(render(fix.why))}")
                if fix.kept_after is not None:
                    keeps = _("With this fix the request keeps {kept} sample(s) ({annotated} annotated); now {now}.")
                    kept, annotated = number(fix.kept_after), number(fix.annotated_after or 0)
                    st.caption(keeps.format(kept=kept, annotated=annotated, now=number(checked.report.kept)))
            with button:
                st.button(
                    _("Applied") if applied else _("Apply"),
                    key=fix_button(index),
                    on_click=apply_fix,
                    args=(st.session_state, fix),
                    disabled=applied,
                    icon=":material/auto_fix_high:",
                )
            after = fix.apply(body).get("included_labels")
            with st.popover(_("Request change"), key=change_popover(index)):
                st.json({"included_labels": after})


def apply_fix(session: MutableMapping[str, Any], fix: LabelFix) -> None:
    """Apply a label fix to the form (an on_click callback, so before the widgets are drawn): the
    included_labels list, and the label's rename-to in its definition."""
    names = [name for name in session.get("included_labels") or [] if name not in fix.remove]
    names += [name for name in fix.add if name not in names]
    session["included_labels"] = names
    defs: dict[str, dict[str, Any]] = session.setdefault(form_state.LABEL_DEFS, {})
    if fix.rename_to is not None:
        definition = defs.setdefault(fix.label, {})
        definition["property"] = {**(definition.get("property") or {}), "@modelarts:rename_to": fix.rename_to}
    form_state.mark_present(session, "included_labels")  # the label grid sees its rows changed and redraws


def _problems(report: PreflightReport) -> None:
    import pandas as pd  # here: only a checked source's tables need it, and it is heavy

    if not report.problems:
        st.success(_("No problem found in what was read."), icon=":material/check_circle:")
        return
    st.markdown(_("**Problems** · {count}").format(count=number(report.problem_total)))
    obs_url = source_check.obs_url
    rows = [
        {
            "Severity": _(SEVERITIES[p.severity]) if p.severity in SEVERITIES else p.severity,
            "File": obs_url(p.file),
            "Line": p.line,
            "Problem": p.code,
            "What to do": render(p.message),
        }
        for p in report.problems[:PROBLEMS_SHOWN]
    ]
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        key=PROBLEMS,
        column_config={**_titles(PROBLEM_COLUMNS), "Line": st.column_config.NumberColumn(_("Line"), format="%d")},
    )
    if report.problem_total > len(rows):
        counts = ", ".join(f"{number(count)} {code}" for code, count in report.problem_counts.items())
        st.caption(_("The first {shown} are shown; in all: {counts}.").format(shown=number(len(rows)), counts=counts))


def _previews(report: PreflightReport) -> None:
    if not report.previews:
        return
    st.markdown(_("**Sample images**"))
    columns = st.columns(len(report.previews))
    for column, preview in zip(columns, report.previews, strict=True):
        labels = ", ".join(preview.labels) or _("no label")
        column.image(preview.png, caption=md_escape(f"{preview.key.rsplit('/', 1)[-1]} · {labels}"))


# after the import


def _remember_expectation(session: PreflightState) -> None:
    """When the request just sent is the one last checked, keep what the check expected for its task."""
    checked = session.checked
    sent = last_submission(session.state)
    if checked is None or sent is None or sent.state != "sent" or not sent.task_id:
        return
    expectations = session.expectations
    if sent.fingerprint == checked.fingerprint and checked.report.expectation is not None:
        expectations.setdefault(sent.task_id, checked.report.expectation)


def shortfall_note(task_id: str, status: ImportTaskStatus | None = None) -> None:
    """Below a task's card: a warning when it finished with fewer samples than its source check expected.
    Without `status`, the one the task tracker last saw is used."""
    expected = _state().expected(task_id)
    if expected is None:
        return
    if status is None:
        observed = task_tracker.observed(st.session_state, task_id)
        status = observed.status if observed is not None else None
    if status is None:
        return
    from preflight import compare

    shortfall = compare(expected, status)
    if shortfall is not None:
        st.warning(md_escape(render(shortfall.message)), icon=":material/report:")
    elif status.status == "COMPLETED":
        expectation = (
            _("As the source check expected: about {imported} sample(s), {annotated} annotated.")
            if expected.sampled
            else _("As the source check expected: {imported} sample(s), {annotated} annotated.")
        )
        st.caption(expectation.format(imported=number(expected.imported), annotated=number(expected.annotated)))
