"""One import task followed live: status timeline, progress, elapsed time, counts, and a failure explained.

Each card is a fragment that refreshes only itself while the task is unfinished, less often as the
task gets older (2 s in its first minute, then 5 s, 15 s, 60 s). When that pace changes, or the task
ends, the page reruns once so the card is set up again with the new pace (or none).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import streamlit as st

from client import ModelArtsClient, ModelArtsError
from client.errors import error_code_advice
from models import ImportTaskStatus
from models.messages import N_, Message
from services.i18n import _, number, render
from services.session_state.task_tracker import Observed, TaskTrackerState, card

from .sample_gallery import imported_samples
from .text import md_escape
from .times import clock, duration, from_epoch_ms

FRESH_S = 1.0
STATUS_NAMES = {  # the API's status -> its name as people read it (a catalog message id)
    "QUEUING": N_("Queued"),
    "STARTING": N_("Starting"),
    "RUNNING": N_("Running"),
    "COMPLETED": N_("Completed"),
    "FAILED": N_("Failed"),
    "NOT_EXIST": N_("Not found"),
}
STATUS_COLORS = {"COMPLETED": "green", "FAILED": "red", "NOT_EXIST": "gray", "RUNNING": "blue", "STARTING": "blue"}
TERMINAL = ("COMPLETED", "FAILED", "NOT_EXIST")


def poll_interval(age_s: float) -> int:
    """Seconds between refreshes of an unfinished task that started `age_s` seconds ago."""
    if age_s < 60:
        return 2
    if age_s < 600:
        return 5
    if age_s < 3600:
        return 15
    return 60


def task_age(status: ImportTaskStatus, now: float | None = None) -> float:
    now = time.time() if now is None else now
    return max(0.0, now - status.create_time / 1000) if status.create_time else 0.0


def elapsed(status: ImportTaskStatus, now: float | None = None) -> float | None:
    """How long the task has run (or ran): the service's elapsed_time, else its own timestamps."""
    if status.elapsed_time:
        return float(status.elapsed_time)
    if not status.create_time:
        return None
    if status.status in TERMINAL and status.update_ms:
        return max(0.0, (status.update_ms - status.create_time) / 1000)
    return task_age(status, now)


def progress(status: ImportTaskStatus) -> tuple[float, str] | None:
    """(fraction done, what it counts) from file_statistics, else the file or sample counts."""
    stats = status.file_statistics
    files_done = stats.file_num_finished if stats and stats.file_num_total else status.finished_file_count
    files_total = stats.file_num_total if stats and stats.file_num_total else status.total_file_count
    bytes_done = stats.file_size_finished if stats and stats.file_size_total else status.finished_file_size
    bytes_total = stats.file_size_total if stats and stats.file_size_total else status.total_file_size
    finished = status.status == "COMPLETED"
    if files_total and files_total > 1:
        done = files_total if finished else min(files_done or 0, files_total)
        return done / files_total, _("{done} of {total} files").format(done=number(done), total=number(files_total))
    if bytes_total:
        done = bytes_total if finished else min(bytes_done or 0, bytes_total)
        return done / bytes_total, _("{done} of {total}").format(done=_size(done), total=_size(bytes_total))
    if status.total_sample_count:
        done = min(status.imported_sample_count or 0, status.total_sample_count)
        total = status.total_sample_count
        shown = _("{done} of {total} samples").format(done=number(done), total=number(total))
        return (1.0 if finished else done / total), shown
    if finished:
        return 1.0, _("done")
    return None


def failure_advice(status: ImportTaskStatus) -> tuple[str, str]:
    """(what went wrong, how to fix it) for a failed task, in the client's words for its error_code, in the
    reader's language."""
    advice = error_code_advice(status.error_code) or (
        Message("The import failed."),
        Message("Read the service's message below, correct the source or the request, and create the task again."),
    )
    return render(advice[0]), render(advice[1])


def timeline(observed: Observed) -> list[tuple[str, str | None, str]]:
    """(stage, when, state) with state "done", "now" or "next": Queued → Running → Completed/Failed. The stage is
    its English name (STATUS_NAMES), translated where it is shown."""
    status = observed.status
    current = status.status if status else None
    created = from_epoch_ms(status.create_time) if status else None
    ended = from_epoch_ms(status.update_ms) if status and current in TERMINAL else None
    end_stage = current if current in ("FAILED", "NOT_EXIST") else "COMPLETED"
    order = ["QUEUING", "RUNNING", end_stage]
    position = {"QUEUING": 0, "STARTING": 1, "RUNNING": 1}.get(current or "", 2 if current in TERMINAL else 0)
    stages = []
    for index, stage in enumerate(order):
        when: datetime | None = None
        if stage == "QUEUING":
            when = created
        elif index == 2:
            when = ended
        elif stage in observed.seen:
            when = datetime.fromtimestamp(observed.seen[stage], UTC)
        if index < position or (index == 2 and current in TERMINAL):
            state = "done"
        else:
            state = "now" if index == position else "next"
        stages.append((STATUS_NAMES[stage], clock(when, with_date=False) if when else None, state))
    return stages


def _size(count: int) -> str:
    value = float(count)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TB"


def _observe(
    client: ModelArtsClient,
    dataset_id: str,
    task_id: str,
    known: ImportTaskStatus | None = None,
    max_age: float = FRESH_S,
) -> Observed:
    """The task's latest status (fetched when the cached one is older than `max_age`), first-seen times kept."""
    cache = TaskTrackerState(st.session_state).observed
    observed = cache.get(task_id) or Observed(None, 0.0, {})
    now = time.time()
    if known is not None:
        observed.status, observed.fetched, observed.problem = known, now, None
    elif observed.status is None or (not observed.status.is_terminal and now - observed.fetched >= max_age):
        try:
            observed.status = client.get_import_task(dataset_id, task_id)
            observed.problem = None
        except ModelArtsError as exc:
            observed.problem = exc.message
        observed.fetched = now
    if observed.status is not None and observed.status.status:
        observed.seen.setdefault(observed.status.status, now)
    cache[task_id] = observed
    return observed


def _pace(observed: Observed) -> int | None:
    status = observed.status
    if status is not None and status.is_terminal:
        return None
    return poll_interval(task_age(status)) if status is not None else poll_interval(0)


def task_card(
    client: ModelArtsClient,
    dataset_id: str,
    task_id: str,
    known: ImportTaskStatus | None = None,
    note: str | None = None,
    samples_open: bool = False,
) -> None:
    """The task's card; `known` is a status just listed (saves a request), `note` a line about its origin;
    once it completed, the samples it added (shown at once with `samples_open`)."""
    observed = _observe(client, dataset_id, task_id, known, max_age=0)  # a page run shows the latest
    pace = _pace(observed)
    with st.container(border=True, key=card(task_id)):
        st.fragment(run_every=pace)(_card)(client, dataset_id, task_id, pace, note, samples_open)


def _card(
    client: ModelArtsClient, dataset_id: str, task_id: str, pace: int | None, note: str | None, samples_open: bool
) -> None:
    observed = _observe(client, dataset_id, task_id)
    status = observed.status
    if status is None or not status.status:
        name = _("unknown")
    else:  # a status this portal has no name for is shown as the API spells it
        name = _(STATUS_NAMES[status.status]) if status.status in STATUS_NAMES else status.status
    head, side = st.columns([3, 2], vertical_alignment="center")
    with head:
        title = _("**Task** {task_id}").format(task_id=md_escape(task_id))
        st.markdown(title + (f" · {md_escape(note)}" if note else ""))
    with side:
        color = STATUS_COLORS.get(status.status or "", "orange") if status else "gray"
        st.badge(name, color=color)
    if observed.problem:
        st.caption(_("Status not available right now: {why}").format(why=md_escape(render(observed.problem))))
    if status is None:
        return
    st.markdown(" → ".join(_stage_text(*stage) for stage in timeline(observed)))
    shown = progress(status)
    if shown is not None:
        st.progress(shown[0], text=md_escape(shown[1]))
    counts = _("{found} samples found · {imported} imported · {annotated} annotated").format(
        found=number(status.total_sample_count or 0),
        imported=number(status.imported_sample_count or 0),
        annotated=number(status.annotated_sample_count or 0),
    )
    took = _time_text(status)
    st.caption(f"{counts} · {took}" if took else counts)
    if status.status == "FAILED":
        explanation, fix = failure_advice(status)
        st.error(f"{md_escape(render(explanation))} {md_escape(render(fix))}", icon=":material/error:")
        details = " · ".join(part for part in (status.error_code, status.error_msg) if part)
        if details:
            st.caption(_("Service said: {details}").format(details=md_escape(details)))
    imported_samples(client, dataset_id, status, open_=samples_open)
    if _pace(observed) != pace:
        st.rerun()  # the task ended or aged into a slower pace: set the card up again (rare)


def _time_text(status: ImportTaskStatus) -> str:
    took = elapsed(status)
    if took is None:
        return ""
    if status.is_terminal:
        return _("took {duration}").format(duration=duration(took))
    if status.status == "QUEUING":
        return _("waiting for {duration}").format(duration=duration(task_age(status)))
    return _("running for {duration}").format(duration=duration(took))


def _stage_text(stage: str, when: str | None, state: str) -> str:
    icon = {"done": ":material/check_circle:", "now": ":material/radio_button_checked:"}.get(
        state, ":material/radio_button_unchecked:"
    )
    if stage in (STATUS_NAMES["FAILED"], STATUS_NAMES["NOT_EXIST"]) and state == "done":
        icon = ":material/cancel:"
    name = md_escape(_(stage))
    text = f"**{name}**" if state == "now" else name
    return f"{icon} {text}" + (f" {md_escape(when)}" if when else "")
