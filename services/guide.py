"""The guided start for a newcomer on the sandbox: which step they are at, worked out from the form itself (a
demo dataset chosen, its folder picked, the source checked, the import sent), and whether it was dismissed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .session_state import SessionView, Slot, preflight_panel
from .submit import last_submission

STATE = "_guide"  # None (offered), "on" (walking through), "off" (dismissed or finished)
DEMO = "_guide_demo"  # the dataset name of the demo chosen
COOKIE_SET = "_guide_cookie_set"  # the cookie was written in this session
OFFER = "_guide_offer"
START = "_guide_start"
SKIP = "_guide_skip"
DATASETS = "_guide_datasets"
STEP = "_guide_step"
CLOSE_OFFER = "_guide_close_1"
CLOSE_STEP = "_guide_close_2"
COOKIE = "import_composer_guide"  # "off" once dismissed or finished: it stays away in later visits


def demo_button(index: int) -> str:
    return f"_guide_demo_{index}"


@dataclass(frozen=True)
class Demo:
    dataset_name: str
    title: str
    description: str
    path: str  # the folder to pick, s3://bucket/folder/

    @property
    def bucket(self) -> str:
        return self.path.removeprefix("s3://").split("/", 1)[0]


def demos() -> list[Demo]:
    """The sandbox's demo datasets the guide can import as they are (sandbox/demo/datasets.json)."""
    from sandbox.seed import demo_datasets

    return [
        Demo(d["dataset_name"], d.get("title") or d["dataset_name"], d.get("description") or "", d["guide_path"])
        for d in demo_datasets()
        if d.get("guide_path")
    ]


class GuideState(SessionView):
    walk: Slot[str | None] = Slot(STATE, None)  # None (offered), "on" (walking through), "off"
    demo: Slot[str | None] = Slot(DEMO, None)
    cookie_set: Slot[bool] = Slot(COOKIE_SET, False)


def offered(session: Mapping[str, Any], sandbox: bool, cookies: Mapping[str, str]) -> bool:
    """A first visit to the sandbox, not dismissed (in this session or an earlier one)."""
    return sandbox and session.get(STATE) is None and cookies.get(COOKIE) != "off"


def step(session: Mapping[str, Any], dataset_id: str | None) -> str:
    """Where a newcomer walking through is: dataset, folder, check, submit or done."""
    demo = next((d for d in demos() if d.dataset_name == session.get(DEMO)), None)
    if demo is None or not dataset_id:
        return "dataset"
    submission = last_submission(session)  # type: ignore[arg-type]
    if submission is not None and submission.task_id and submission.dataset_id == dataset_id:
        return "done"
    if (session.get("import_path") or "").strip() != demo.path:
        return "folder"
    if preflight_panel.checked_dataset_id(session) != dataset_id:
        return "check"
    return "submit"
