"""Check source: read the source as the service will before submitting, show what would be imported and
what is wrong, offer one-click label fixes, and later flag a task that imported less than expected.

    preflight_panel(client, dataset, details, request, body)   # on the compose page
    shortfall_note(task_id, status)                            # on a finished task's card
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

import streamlit as st

from client import ModelArtsClient
from models import SOURCES, Dataset, ImportTaskRequest, ImportTaskStatus
from services import form_state, source_check
from services.i18n import render
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
AMOUNTS: dict[int, str] = {
    200: "200 files, lines or lookups",
    DEFAULT_AMOUNT: f"{DEFAULT_AMOUNT:,} files, lines or lookups",
    10_000: "10,000 files, lines or lookups",
    0: "Everything (may take long)",
}
AMOUNT_HELP = (
    "Large sources are sampled. A folder: this many files are read. A text or CSV file: this many lines. A "
    "manifest (up to 8 MB, the most the service takes) is read whole, and every object it names is checked to "
    "exist through listings of their folders; this many objects are looked up one by one: on the sandbox's "
    "folder, whose listing has names only, sizes are looked up for that many objects spread evenly across the "
    "source (images over 5 MB are skipped by "
    "the service). Everything: no bound; every size is looked up."
)
PROBLEMS_SHOWN = 500
STATUS_TEXT = {
    "matches": "✓ in dataset",
    "new": "new label",
    "near_duplicate": "near-duplicate",
    "renamed": "renamed",
    "missing": "not in source",
    "not_in_source": "filter matches nothing",
}


# the panel


def _state() -> PreflightState:
    return PreflightState(st.session_state)


def preflight_panel(
    client: ModelArtsClient,
    dataset: Dataset | None,
    details: Dataset | None,
    request: ImportTaskRequest | None,
    body: dict[str, Any],
) -> None:
    connection = current_connection()
    target = target_label(connection)
    _remember_expectation(_state())
    with st.container(border=True, key=PANEL):
        st.markdown("**Check source**")
        st.caption(
            "Reads the source the way the service will, before anything is sent: what would be imported, "
            "labels against the dataset's, and problems with file and line."
        )
        why_not = _why_not(connection, dataset, request)
        left, right = st.columns([2, 3], vertical_alignment="bottom")
        with left:
            st.selectbox(
                "How much to read",
                list(AMOUNTS),
                format_func=AMOUNTS.get,
                key=AMOUNT,
                index=1,
                help=AMOUNT_HELP,
            )
        with right:
            run = st.button("Check source", key=RUN, icon=":material/fact_check:", disabled=why_not is not None)
        if why_not:
            st.caption(why_not)
        if run and why_not is None and dataset is not None and request is not None:
            _run(client, connection, details or dataset, request, body, target)
        checked = _state().checked
        if checked is not None and dataset is not None and checked.dataset_id == dataset.dataset_id:
            _show(checked, body)


def _why_not(connection: Connection, dataset: Dataset | None, request: ImportTaskRequest | None) -> str | None:
    if dataset is None:
        return "Choose a dataset first."
    source = request.source_kind if request is not None else form_state.source_of(st.session_state)
    if connection.kind not in SOURCES[source].check_source:
        where = "OBS paths" if connection.kind == "modelarts" else "OBS paths and the sandbox's HDFS folder"
        return f"Check source reads {where}; a {source.upper()} source is read by the service itself."
    if request is None:
        return "Fix the form's problems first."
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
    with st.status("Reading the source…", expanded=True) as box:
        bar = st.progress(0.0, text="Connecting…")
        try:
            storage, read_from = source_check.reader(connection, client)
        except Exception as exc:  # e.g. boto3 refusing the settings: say so, never show the keys
            storage, read_from = None, f"The source cannot be read ({type(exc).__name__})."
        if storage is None:
            box.update(label="Not checked", state="error")
            st.error(md_escape(read_from))
            return
        report = check_source(
            request, dataset, storage, max_files=amount or None, progress=_Progress(bar), read_from=read_from
        )
        failed = report.failure is not None
        label = (
            "The source could not be read"
            if failed
            else (f"Checked: {report.samples_found:,} sample(s), {report.problem_total:,} problem(s)")
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
        text = {
            "listing": f"Listed {done:,} file(s)",
            "files": f"Read {done:,} file(s)",
            "bytes": f"Read {fraction:.0%} of the file",
            "samples": f"Parsed {done:,} sample(s)",
            "previews": f"Drawing sample images ({done} of {total})",
        }.get(stage, stage)
        shown = (round(fraction * 100), text)
        if shown != self.last:
            self.last = shown
            self.bar.progress(fraction, text=text)


def _show(checked: Checked, body: dict[str, Any]) -> None:
    report = checked.report
    if checked.body != body:
        st.info(
            "The form changed since this check. Check again to see what it would import now.", icon=":material/update:"
        )
    st.caption(md_escape(f"Read from {report.read_from}. {render(report.how_much_read())}"))
    if report.failure:
        code = f"{report.failure_code}: " if report.failure_code else ""
        st.error(md_escape(code + render(report.failure)), icon=":material/error:")
        return
    columns = st.columns(5)
    figures = [
        ("Files", report.files_listed),
        ("Samples found", report.samples_found),
        ("Annotated", report.annotated_found),
        ("Would import", report.kept),
        ("Annotated, kept", report.kept_annotated),
    ]
    for column, (name, value) in zip(columns, figures, strict=True):
        column.metric(name, f"{value:,}" + ("+" if name == "Files" and not report.listing_complete else ""))
    if report.files_by_kind:
        st.caption("Files: " + ", ".join(f"{count:,} {kind}" for kind, count in report.files_by_kind.items()))
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
    st.markdown("**Labels**")
    rows = [
        {
            "Label": repr(row.name) if row.name != row.name.strip() else row.name,
            "In source": row.in_source,
            "Would import": row.kept,
            "In dataset": row.in_dataset,
            "Status": STATUS_TEXT.get(row.status, row.status),
            "Note": render(row.note),
        }
        for row in report.labels
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, key=LABELS)


def _fixes(checked: Checked, body: dict[str, Any]) -> None:
    fixes = checked.report.fixes
    if not fixes:
        return
    st.markdown("**Fixes** · each changes the request's included labels; the preview below shows the result.")
    for index, fix in enumerate(fixes):
        applied = fix.is_applied(body)
        with st.container(border=True):
            head, button = st.columns([4, 1], vertical_alignment="center")
            with head:
                st.markdown(f"**{md_escape(render(fix.title))}** — {md_escape(render(fix.why))}")
                if fix.kept_after is not None:
                    st.caption(
                        f"With this fix the request keeps {fix.kept_after:,} sample(s) "
                        f"({fix.annotated_after:,} annotated); now {checked.report.kept:,}."
                    )
            with button:
                st.button(
                    "Applied" if applied else "Apply",
                    key=fix_button(index),
                    on_click=apply_fix,
                    args=(st.session_state, fix),
                    disabled=applied,
                    icon=":material/auto_fix_high:",
                )
            after = fix.apply(body).get("included_labels")
            with st.popover("Request change", key=change_popover(index)):
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
        st.success("No problem found in what was read.", icon=":material/check_circle:")
        return
    st.markdown(f"**Problems** · {report.problem_total:,}")
    obs_url = source_check.obs_url
    rows = [
        {"Severity": p.severity, "File": obs_url(p.file), "Line": p.line, "Problem": p.code,
         "What to do": render(p.message)}
        for p in report.problems[:PROBLEMS_SHOWN]
    ]
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        key=PROBLEMS,
        column_config={"Line": st.column_config.NumberColumn(format="%d")},
    )
    if report.problem_total > len(rows):
        counts = ", ".join(f"{count:,} {code}" for code, count in report.problem_counts.items())
        st.caption(f"The first {len(rows):,} are shown; in all: {counts}.")


def _previews(report: PreflightReport) -> None:
    if not report.previews:
        return
    st.markdown("**Sample images**")
    columns = st.columns(len(report.previews))
    for column, preview in zip(columns, report.previews, strict=True):
        labels = ", ".join(preview.labels) or "no label"
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
        about = "about " if expected.sampled else ""
        st.caption(
            f"As the source check expected: {about}{expected.imported:,} sample(s), {expected.annotated:,} annotated."
        )
