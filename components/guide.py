"""The guided start: a first visit to the sandbox offers "Try it with the demo data" and walks a newcomer,
without typing, from a demo dataset to its folder, Check source, Submit and the imported pictures."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from models import Dataset
from models.messages import N_
from services import form_state, guide
from services.i18n import _
from services.target import current_connection

from . import cookies
from .obs_browser import open_at
from .text import md_escape

# Every piece of this component's text, in one place: catalog message ids, shown through `_`.
TEXT = {
    "offer": N_("**New here?** Try it with the demo data: pick a ready-made dataset, point at its pictures, check "
                "them and import them, all with clicks, no typing. It runs on the local sandbox; nothing leaves "
                "this computer."),
    "start": N_("Try it with the demo data"),
    "skip": N_("No thanks, I know my way"),
    "choose": N_("**Step 1 of 4 · Choose a demo dataset.** A dataset is where imported pictures, texts or sounds "
                 "are kept, with their labels."),
    "use": N_("Use this one"),
    "missing": N_("The demo datasets are not on this sandbox (started with --no-demo?)."),
    "folder": N_("**Step 2 of 4 · Pick its folder.** In *Browse OBS* below, open {steps}, then click "
                 "**Use this folder**. (OBS is Huawei Cloud's file storage; here the sandbox stands in for it.)"),
    "check": N_("**Step 3 of 4 · Check the source.** Click **Check source** below: it reads the folder the way "
                "ModelArts will and shows what would be imported."),
    "submit": N_("**Step 4 of 4 · Import.** Click **Submit import task** below to send the import."),
    "done": N_("**Done!** The import was sent. See the pictures it brought in:"),
    "see": N_("See the imported pictures"),
    "close": N_("Close the guide"),
}
TASKS_PAGE = "pages/tasks.py"


def guide_offer(load_datasets: Callable[[], list[Dataset]]) -> None:
    """At the top of Compose (a full-page run): the offer, or step 1 (choosing the demo dataset, listed by
    `load_datasets` only then)."""
    state = guide.GuideState(st.session_state).walk
    if guide.offered(st.session_state, current_connection().kind == "sandbox", st.context.cookies):
        with st.container(border=True, key=guide.OFFER):
            st.markdown(_(TEXT["offer"]))
            left, right = st.columns(2)
            left.button(_(TEXT["start"]), key=guide.START, type="primary", icon=":material/school:",
                        on_click=_set, args=("on",))
            right.button(_(TEXT["skip"]), key=guide.SKIP, on_click=_set, args=("off",))
        return
    if state == "off" and not guide.GuideState(st.session_state).cookie_set:
        _remember_off()
    if state != "on" or guide.step(st.session_state, form_state.dataset_id(st.session_state)) != "dataset":
        return
    by_name = {d.dataset_name: d for d in load_datasets()}
    with st.container(border=True, key=guide.DATASETS):
        st.markdown(_(TEXT["choose"]))
        available = [demo for demo in guide.demos() if demo.dataset_name in by_name]
        if not available:
            st.info(_(TEXT["missing"]))
        for index, demo in enumerate(available):
            left, right = st.columns([4, 1], vertical_alignment="center")
            left.markdown(f"**{md_escape(demo.title)}**  \n{md_escape(demo.description)}")
            right.button(_(TEXT["use"]), key=guide.demo_button(index), type="primary", on_click=_choose,
                         args=(demo, by_name[demo.dataset_name].dataset_id))
        st.button(_(TEXT["close"]), key=guide.CLOSE_OFFER, type="tertiary", on_click=_set, args=("off",))


def guide_step() -> None:
    """Inside the form (its fragment): the instruction for the step the newcomer is at."""
    if guide.GuideState(st.session_state).walk != "on":
        return
    current = guide.step(st.session_state, form_state.dataset_id(st.session_state))
    if current == "dataset":
        return
    demo = next(d for d in guide.demos() if d.dataset_name == guide.GuideState(st.session_state).demo)
    with st.container(border=True, key=guide.STEP):
        if current == "folder":
            parts = demo.path.removeprefix(f"s3://{demo.bucket}/").strip("/").split("/")
            st.markdown(_(TEXT["folder"]).format(steps=" › ".join(f"**{md_escape(p)}**" for p in parts)))
        elif current == "done":
            if not guide.GuideState(st.session_state).cookie_set:
                _remember_off()  # finished: later visits do not offer it again
            st.markdown(_(TEXT["done"]))
            st.page_link(TASKS_PAGE, label=_(TEXT["see"]), icon=":material/photo_library:")
        else:
            st.markdown(_(TEXT[current]))
        if current == "done":
            st.button(_(TEXT["close"]), key=guide.CLOSE_STEP, type="tertiary", on_click=_set, args=("off",))


def _set(state: str) -> None:
    guide.GuideState(st.session_state).walk = state


def _choose(demo: guide.Demo, dataset_id: str) -> None:
    guide.GuideState(st.session_state).demo = demo.dataset_name
    form_state.FormState(st.session_state).dataset_id = dataset_id
    open_at(demo.bucket, "")


def _remember_off() -> None:
    """Set the cookie that keeps the offer away in later visits (st.context.cookies reads it then)."""
    guide.GuideState(st.session_state).cookie_set = True
    cookies.remember(guide.COOKIE, "off")
