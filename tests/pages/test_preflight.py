"""Check source in the app (AppTest against a real sandbox): problems with file and line, label fixes that
change the request as the preview shows it, and a shortfall flagged on the Tasks page after the import."""

from __future__ import annotations

import json
import re
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.preflight_panel import apply_fix
from preflight import LabelFix
from sandbox.demo import DEMO_DIR
from sandbox.launcher import RunningSandbox
from tests.preflight.s3_server import KEYS, demo_s3

from .conftest import APP, SandboxView, preview, texts

IMAGES = "s3://test-obs/classify/images"
V002 = "s3://test-obs/classify/output/dataset-f9e8-gfghHSokody6AJigS5A/annotation/V002/V002.manifest"


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def new_dataset(view: SandboxView, dataset_type: int, labels: list[str]) -> str:
    """A dataset of this test's own, so imports by other tests do not change its labels."""
    name = f"preflight-{uuid.uuid4().hex[:12]}"
    body = {"dataset_name": name, "dataset_type": dataset_type, "labels": [{"name": n} for n in labels]}
    view.http.post(f"{view.url}/v2/p/datasets", json=body, timeout=30).raise_for_status()
    return name


def pick(at: AppTest, view: SandboxView, name: str) -> str:
    dataset_id = view.dataset_id(name)
    view.wait_idle(dataset_id)
    if dataset_id not in at.selectbox(key="dataset_id").options:  # created after the page listed datasets
        next(button for button in at.button if button.label == "Refresh datasets").click()
        run(at)
    at.selectbox(key="dataset_id").set_value(dataset_id)
    run(at)
    return dataset_id


def check(at: AppTest) -> AppTest:
    at.button(key="_preflight_run").click()
    return run(at)


def table(at: AppTest, column: str) -> list[dict]:
    """The rows of the table that has `column` (AppTest does not expose a dataframe's key)."""
    frame = next(df for df in at.dataframe if column in df.value.columns)
    return frame.value.to_dict("records")


def fix_button(at: AppTest, title: str):
    """The Apply button of the fix whose title is shown next to it."""
    titles = [m.value for m in at.markdown if m.value.startswith("**") and " — " in m.value]
    index = next(i for i, text in enumerate(titles) if text.replace("\\", "").startswith(f"**{title}**"))
    return at.button(key=f"_preflight_fix_{index}")


def manifest(sandbox: RunningSandbox, path: str, lines: list[str]) -> str:
    target = sandbox.data_root / "obs" / "test-obs" / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f"s3://test-obs/{path}"


def line(number: int, *labels: str) -> str:
    record: dict = {"source": f"{IMAGES}/img_{number:02d}.jpg"}
    if labels:
        record["annotation"] = [{"name": n, "type": "modelarts/image_classification"} for n in labels]
    return json.dumps(record)


def test_a_mislabelled_class_and_a_broken_line_are_shown_and_the_rename_fix_is_what_gets_sent(
    app: AppTest, sandbox: RunningSandbox, sandbox_view: SandboxView
) -> None:
    path = manifest(
        sandbox,
        "preflight/pets.manifest",
        [line(1, "cat"), line(2, "Cat"), line(3, "dog")[:-1] + ', "annotation": [}', line(4, "dog")],
    )
    dataset_id = pick(app, sandbox_view, new_dataset(sandbox_view, 0, ["cat", "dog"]))
    app.radio(key="import_type").set_value("manifest")
    run(app)
    app.text_input(key="import_path").input(path)
    check(run(app))
    assert [(p["File"], p["Line"], p["Problem"]) for p in table(app, "What to do")] == [
        ("obs://test-obs/preflight/pets.manifest", 3, "manifest_json")
    ]
    labels = {row["Label"]: row for row in table(app, "In dataset")}
    assert (labels["Cat"]["Status"], labels["Cat"]["In source"], labels["cat"]["In dataset"]) == (
        "near-duplicate",
        1,
        True,
    )
    before = preview(app)
    assert "included_labels" not in before
    fix_button(app, "Rename 'Cat' to 'cat'").click()
    run(app)
    after = preview(app)
    assert after == {
        **before,
        "included_labels": [  # every label found, most frequent first, then by name
            {"name": "Cat", "property": {"@modelarts:rename_to": "cat"}},
            {"name": "cat"},
            {"name": "dog"},
        ],
    }
    assert fix_button(app, "Rename 'Cat' to 'cat'").disabled
    assert any("The form changed since this check" in info.value for info in app.info)
    app.button(key="_submit").click()
    run(app)
    task_id = next(s.value for s in app.success if "Import task created" in s.value).split("**")[1].replace("\\", "")
    assert sandbox_view.received(dataset_id, task_id) == after


def test_an_include_fix_adds_the_label_to_the_filter(app: AppTest, sandbox_view: SandboxView) -> None:
    pick(app, sandbox_view, new_dataset(sandbox_view, 0, ["cat", "dog"]))
    app.radio(key="import_type").set_value("manifest")
    run(app)
    app.text_input(key="import_path").input(V002)
    run(app)
    app.session_state["_labels_open"] = True
    run(app)
    app.multiselect(key="included_labels").set_value(["cat", "dog", "Cat", "Dog"])
    check(run(app))
    assert "included_labels ('cat', 'dog', 'Cat', 'Dog') skips 7 sample(s)" in texts(app)
    fix_button(app, "Include 'bees'").click()
    run(app)
    assert [label["name"] for label in preview(app)["included_labels"]] == ["cat", "dog", "Cat", "Dog", "bees"]
    app.session_state["_labels_open"] = True  # AppTest closes the section after a change
    run(app)
    assert app.multiselect(key="included_labels").value == ["cat", "dog", "Cat", "Dog", "bees"]


def test_sample_images_are_drawn_for_image_datasets(app: AppTest, sandbox_view: SandboxView) -> None:
    pick(app, sandbox_view, "demo-object-detection")
    app.text_input(key="import_path").input("s3://test-obs/detection/voc/")
    check(run(app))
    assert "Files: 4 image, 3 annotation (XML)" in texts(app)
    assert len(app.get("image")) == 4


def test_a_task_that_imports_less_than_checked_is_flagged_on_the_tasks_page(
    app: AppTest, sandbox: RunningSandbox, sandbox_view: SandboxView
) -> None:
    folder = sandbox.data_root / "obs" / "test-obs" / "preflight-short"
    shutil.rmtree(folder, ignore_errors=True)
    for name in ("cat_01.jpg", "cat_02.jpg", "cat_03.jpg"):
        (folder / "cat").mkdir(parents=True, exist_ok=True)
        shutil.copy(DEMO_DIR / "obs/test-obs/daoLu_images/cat-dog/cat" / name, folder / "cat" / name)
    dataset_id = pick(app, sandbox_view, new_dataset(sandbox_view, 0, ["cat"]))
    app.text_input(key="import_path").input("s3://test-obs/preflight-short/")
    check(run(app))
    (folder / "cat" / "cat_03.jpg").unlink()  # the source changes between the check and the import
    app.button(key="_submit").click()
    run(app)
    sandbox_view.wait_idle(dataset_id)
    app.switch_page("pages/tasks.py")
    run(app)
    deadline = time.monotonic() + 30  # a safety net, not a timing assertion
    while not any("Shortfall" in w.value for w in app.warning) and time.monotonic() < deadline:
        run(app)
    shortfalls = [re.sub(r"\\(.)", r"\1", w.value) for w in app.warning if "Shortfall" in w.value]
    assert shortfalls == [
        "Shortfall: 2 samples imported where the preflight expected 3; 2 annotated where it expected 3. Samples "
        "already in the dataset are not imported again; otherwise the service dropped items the source check read "
        "as importable (check the task's details and the source)."
    ]


def test_a_table_source_is_not_read_and_the_panel_says_why(app: AppTest, sandbox_view: SandboxView) -> None:
    pick(app, sandbox_view, "demo-table-iris")
    app.session_state["import_origin"] = "dws"
    run(app)
    assert app.button(key="_preflight_run").disabled
    assert "a DWS source is read by the service itself" in texts(app)


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with demo_s3() as url:
        yield url


def test_on_huawei_cloud_the_source_is_read_from_obs_with_the_access_keys(
    sandbox: RunningSandbox,
    sandbox_view: SandboxView,
    s3_endpoint: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The cloud target: ModelArts calls go to the sandbox (as a stand-in endpoint), the source is read from
    an S3 server through IMPORT_COMPOSER_OBS_ENDPOINT with the connection's AK/SK."""
    monkeypatch.delenv("IMPORT_COMPOSER_SANDBOX_URL", raising=False)
    monkeypatch.setenv("IMPORT_COMPOSER_DATA", str(tmp_path))
    monkeypatch.setenv("MODELARTS_ENDPOINT", sandbox.url)
    monkeypatch.setenv("MODELARTS_PROJECT_ID", "preflight")
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", KEYS["access_key"])
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", KEYS["secret_key"])
    monkeypatch.setenv("IMPORT_COMPOSER_OBS_ENDPOINT", s3_endpoint)
    at = run(AppTest.from_file(APP, default_timeout=60))
    pick(at, sandbox_view, new_dataset(sandbox_view, 1, ["cat", "dog"]))
    at.text_input(key="import_path").input("s3://test-obs/broken/voc/")
    check(run(at))
    assert f"Read from OBS at {s3_endpoint} with your access keys." in texts(at)
    assert [(p["File"], p["Line"], p["Problem"]) for p in table(at, "What to do")] == [
        ("obs://test-obs/broken/voc/box_outside.xml", 15, "voc_box_outside"),
        ("obs://test-obs/broken/voc/inverted.xml", 15, "voc_box_inverted"),
        ("obs://test-obs/broken/voc/no_size.xml", 2, "voc_no_size"),
    ]
    assert KEYS["secret_key"] not in texts(at)


def test_on_huawei_cloud_without_access_keys_the_panel_says_what_is_needed(
    sandbox: RunningSandbox,
    sandbox_view: SandboxView,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.delenv("IMPORT_COMPOSER_SANDBOX_URL", raising=False)
    monkeypatch.setenv("IMPORT_COMPOSER_DATA", str(tmp_path))
    monkeypatch.setenv("MODELARTS_ENDPOINT", sandbox.url)
    monkeypatch.setenv("MODELARTS_PROJECT_ID", "preflight")
    monkeypatch.setenv("MODELARTS_TOKEN", "a-token")
    for name in ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"):
        monkeypatch.delenv(name, raising=False)
    at = run(AppTest.from_file(APP, default_timeout=60))
    pick(at, sandbox_view, new_dataset(sandbox_view, 0, ["cat"]))
    at.text_input(key="import_path").input("s3://test-obs/daoLu_images/cat-dog/")
    check(run(at))
    assert any("Reading OBS needs access keys" in error.value for error in at.error)


def test_apply_fix_edits_the_form_state_only_through_included_labels_and_their_definitions() -> None:
    session: dict = {"included_labels": ["cat", "Rabbit"], "_label_defs": {"cat": {"type": 0}}, "_present": set()}
    apply_fix(session, LabelFix("include", "Rabbit", "t", "w", add=("rabbits",), remove=("Rabbit",)))
    apply_fix(session, LabelFix("rename", "Cat", "t", "w", add=("Cat",), rename_to="cat"))
    assert session["included_labels"] == ["cat", "rabbits", "Cat"]
    assert session["_label_defs"] == {"cat": {"type": 0}, "Cat": {"property": {"@modelarts:rename_to": "cat"}}}
    assert session["_present"] == {"included_labels"}
