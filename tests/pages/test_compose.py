"""The compose page through AppTest against the sandbox: fill, preview, submit, and what the sandbox got."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from models import DatasetType, ImportTaskRequest
from sandbox.launcher import RunningSandbox

from .conftest import SandboxView, preview, texts
from .portal import new_app, pick, point_app_at, run, submit, type_into

CAT_DOG = "s3://test-obs/daoLu_images/cat-dog/"
MANIFEST = "s3://test-obs/classify/output/dataset-f9e8-gfghHSokody6AJigS5A/annotation/V002/V002.manifest"


def open_labels(at: AppTest) -> None:
    at.session_state["_labels_open"] = True
    run(at)


def test_obs_directory_import_sends_the_previewed_body(app: AppTest, sandbox_view: SandboxView):
    dataset_id = pick(app, sandbox_view, "demo-image-classification")
    type_into(app, "import_path", CAT_DOG)
    app.toggle(key="import_annotations").set_value(False)
    run(app)
    shown = preview(app)
    assert shown == {"import_path": CAT_DOG, "import_type": "dir", "import_annotations": False}
    task_id = submit(app)
    assert sandbox_view.received(dataset_id, task_id) == shown


def test_manifest_import_with_label_filter(app: AppTest, sandbox_view: SandboxView):
    dataset_id = pick(app, sandbox_view, "demo-image-classification")
    app.radio(key="import_type").set_value("manifest")
    run(app)
    type_into(app, "import_path", MANIFEST)
    open_labels(app)
    app.multiselect(key="included_labels").set_value(["cat", "dog", "Cat", "Dog"])
    run(app)
    shown = preview(app)
    assert shown["included_labels"] == [{"name": n} for n in ("cat", "dog", "Cat", "Dog")]
    task_id = submit(app)
    assert sandbox_view.received(dataset_id, task_id) == shown


TABLE_SOURCES = {
    "dws": {"ip": "192.168.0.10", "port": "8000", "database_name": "sales", "table_name": "orders",
            "user_name": "dbadmin", "user_password": "S3cret-dws-pass"},
    "rds": {"ip": "10.1.2.3", "port": "3306", "database_name": "shop", "table_name": "items",
            "user_name": "reader", "user_password": "S3cret-rds-pass"},
    "dli": {"queue_name": "default", "database_name": "lake", "table_name": "events"},
    "mrs": {"input": "/user/hive/warehouse/events/", "cluster_name": "analytics"},
}  # fmt: skip
DATA_TYPES = {"dws": 1, "dli": 2, "rds": 3, "mrs": 4}


@pytest.mark.parametrize("source", list(TABLE_SOURCES))
def test_table_source_form_to_sandbox(app: AppTest, sandbox_view: SandboxView, source: str):
    dataset_id = pick(app, sandbox_view, "demo-table-iris")
    app.selectbox(key="import_origin").set_value(source)
    run(app)
    for name, value in TABLE_SOURCES[source].items():
        type_into(app, f"data_source.source_info.{name}", value)
    shown = preview(app)
    expected_info = {k: ("••••" if k == "user_password" else v) for k, v in TABLE_SOURCES[source].items()}
    if source == "mrs":
        app.radio(key="data_source.source_info.cluster_mode").set_value("1")
        run(app)
        shown = preview(app)
        expected_info["cluster_mode"] = "1"
    assert shown == {
        "import_origin": source,
        "data_source": {"data_type": DATA_TYPES[source], "source_info": expected_info},
    }
    task_id = submit(app)
    received = sandbox_view.received(dataset_id, task_id)
    assert received == shown  # the sandbox keeps passwords masked too


def refusals(app: AppTest) -> list[str]:
    """What the error under Submit says, as shown (Markdown escapes removed)."""
    return [e.value.replace("\\", "") for e in app.error if "Not sent" in e.value]


def test_password_leaves_its_widget_once_used_and_is_masked_until_revealed(app: AppTest, sandbox_view: SandboxView):
    pick(app, sandbox_view, "demo-table-iris")
    app.selectbox(key="import_origin").set_value("dws")
    run(app)
    type_into(app, "data_source.source_info.user_password", "S3cret-dws-pass")
    assert preview(app)["data_source"]["source_info"]["user_password"] == "••••"
    app.button(key="_submit").click()  # refused (the other fields are empty), but the password was used
    run(app)
    [refused] = refusals(app)  # which fields the spec requires is the rule table's business
    assert refused.startswith("Not sent. First fill in ") and "User name" in refused
    assert app.text_input(key="data_source.source_info.user_password").value == ""
    assert preview(app)["data_source"]["source_info"]["user_password"] == "••••"  # kept in the session
    for view in ("curl", "python"):
        app.segmented_control(key="_preview_view").set_value(view)
        run(app)
        snippet = next(c.value for c in app.code if c.language in ("bash", "python"))
        assert "S3cret-dws-pass" not in snippet
        assert "DWS_PASSWORD" in snippet
    app.segmented_control(key="_preview_view").set_value("body")
    run(app)
    app.toggle(key="_reveal_secrets").set_value(True)
    run(app)
    assert preview(app)["data_source"]["source_info"]["user_password"] == "S3cret-dws-pass"


def test_values_survive_source_switches(app: AppTest, sandbox_view: SandboxView):
    pick(app, sandbox_view, "demo-table-iris")
    type_into(app, "import_path", "s3://test-obs/table/iris/")
    app.selectbox(key="import_origin").set_value("dws")
    run(app)
    type_into(app, "data_source.source_info.ip", "10.0.0.7")
    assert "import_path" not in preview(app)
    app.selectbox(key="import_origin").set_value("obs")
    run(app)
    assert app.text_input(key="import_path").value == "s3://test-obs/table/iris/"
    assert "data_source" not in preview(app)
    app.selectbox(key="import_origin").set_value("dws")
    run(app)
    assert app.text_input(key="data_source.source_info.ip").value == "10.0.0.7"


def test_errors_block_a_submit_and_say_what_to_do_warnings_never_block(app: AppTest, sandbox_view: SandboxView):
    dataset_id = pick(app, sandbox_view, "demo-image-classification")
    before = len(sandbox_view.tasks(dataset_id))
    assert "Before sending: fill in Import path (see above)." in texts(app)  # to fill in, not "a problem"
    type_into(app, "import_path", "http://bucket/x")
    assert "Import path must start with s3://, obs:// or /" in texts(app)
    assert "Before sending: correct Import path (see above)." in texts(app)
    app.button(key="_submit").click()  # always clickable: the click judges the form and says why not
    run(app)
    assert refusals(app) == ["Not sent. First correct Import path (see above)."]
    assert len(sandbox_view.tasks(dataset_id)) == before
    type_into(app, "import_path", "s3://bucket-1/my photos/")
    assert "often rejects characters" in texts(app)  # a warning
    assert refusals(app) == []  # the refusal was about the form as it was
    app.button(key="_submit").click()
    run(app)
    assert refusals(app) == []
    assert "_last_submission" in app.session_state  # sent: whatever the service then said about the path


def test_submit_needs_a_dataset(app: AppTest):
    type_into(app, "import_path", CAT_DOG)
    assert "Before sending: choose a dataset (1 · Dataset)." in texts(app)
    app.button(key="_submit").click()
    run(app)
    assert refusals(app) == ["Not sent. First choose a dataset (1 · Dataset)."]


def test_directory_import_not_offered_where_unsupported(
    sandbox: RunningSandbox, sandbox_view: SandboxView, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    """Named entity recognition datasets take manifests only: the form says so, refuses a folder and takes a
    manifest; a text classification dataset (folders allowed) gets no such word."""
    name = f"ner-{tmp_path.name}"[:60]
    sandbox_view.create_dataset(name, DatasetType.NAMED_ENTITY_RECOGNITION)
    point_app_at(monkeypatch, sandbox.url, tmp_path)
    at = new_app()
    pick(at, sandbox_view, name)
    type_into(at, "import_path", "s3://test-obs/ner/")
    assert "Directory import is not available for named entity recognition datasets" in texts(at)
    assert "which named entity recognition datasets do not support" in texts(at)
    at.button(key="_submit").click()
    run(at)
    assert [r for r in refusals(at) if r.startswith("Not sent. First correct")]  # the click sends nothing
    at.radio(key="import_type").set_value("manifest")
    run(at)
    type_into(at, "import_path", "s3://test-obs/ner/ner.manifest")
    assert "do not support" not in texts(at)
    pick(at, sandbox_view, "demo-text-classification")
    assert "Directory import is not available" not in texts(at)


def test_same_request_is_sent_once_unless_asked_again(app: AppTest, sandbox_view: SandboxView):
    dataset_id = pick(app, sandbox_view, "demo-object-detection")
    type_into(app, "import_path", "s3://test-obs/detection/voc/")
    before = len(sandbox_view.tasks(dataset_id))
    first = submit(app)
    assert "This exact request was sent already" in texts(app)
    assert first in texts(app)
    assert len(sandbox_view.tasks(dataset_id)) == before + 1
    app.button(key="_submit").click()  # the same request again: nothing is sent
    run(app)
    assert len(sandbox_view.tasks(dataset_id)) == before + 1
    type_into(app, "import_folder", "second-batch")
    assert "This exact request was sent already" not in texts(app)  # a changed request is a new intent


def test_submit_guard_sends_one_post_per_fingerprint():
    from services.submit import submit_once

    session: dict = {}
    calls: list[str] = []

    def create(dataset_id: str, body: dict) -> str:
        calls.append(dataset_id)
        return f"task-{len(calls)}"

    body = {"import_path": CAT_DOG}
    first = submit_once(session, "sandbox", "d1", body, create)
    again = submit_once(session, "sandbox", "d1", dict(body), create)
    assert (first.task_id, again.task_id, calls) == ("task-1", "task-1", ["d1"])
    assert submit_once(session, "sandbox", "d2", body, create).task_id == "task-2"
    assert submit_once(session, "sandbox", "d1", body, create, again=True).task_id == "task-3"


@pytest.mark.parametrize(
    "pasted",
    [
        {
            "import_type": "dir",
            "import_path": CAT_DOG,
            "included_tags": [],
            "import_annotations": False,
            "difficult_only": False,
        },
        {
            "import_type": "manifest",
            "import_path": MANIFEST,
            "included_tags": ["cat", "dog", "Cat", "Dog"],
            "import_annotations": True,
            "difficult_only": False,
        },
        {
            "import_origin": "dws",
            "data_source": {
                "data_type": 1,
                "source_info": TABLE_SOURCES["dws"],
                "schema_maps": [{"src_name": "a", "dest_name": "sepal_length"}],
            },
            "with_column_header": True,
        },
        {
            "import_path": "s3://bucket-1/texts/",
            "label_format": {"label_type": "1", "text_sample_separator": "|", "text_label_separator": "x"},
            "final_annotation": False,
            "import_folder": "batch-2",
            "annotation_format": "VOC",
            "included_labels": [
                {
                    "name": "car",
                    "type": 1,
                    "property": {"@modelarts:color": "#FF0000", "@modelarts:shortcut": "C"},
                    "attributes": [
                        {
                            "name": "colour",
                            "type": "select",
                            "values": [{"value": "red"}, {"value": "blue"}],
                            "default_value": "red",
                        }
                    ],
                }
            ],
            "excluded_labels": ["truck"],
        },
    ],
)
def test_load_json_round_trip(app: AppTest, pasted: dict):
    app.text_area(key="request_json").input(json.dumps(pasted))
    app.button[[b.label for b in app.button].index("Fill the form")].click()
    run(app)
    app.toggle(key="_reveal_secrets").set_value(True) if "data_source" in pasted else None
    run(app)
    assert preview(app) == ImportTaskRequest.model_validate(pasted).to_body()


def test_load_json_lists_what_it_rejects_and_keeps_the_form(app: AppTest, sandbox_view: SandboxView):
    type_into(app, "import_path", CAT_DOG)
    app.text_area(key="request_json").input(json.dumps({"improt_path": "s3://x", "import_type": 7}))
    app.button[[b.label for b in app.button].index("Fill the form")].click()
    run(app)
    shown = texts(app)
    assert 'Did you mean "import_path"' in shown
    assert "Import type must be one of" in shown
    assert preview(app)["import_path"] == CAT_DOG
    app.text_area(key="request_json").input("{not json")
    app.button[[b.label for b in app.button].index("Fill the form")].click()
    run(app)
    assert "The pasted body is not valid JSON" in texts(app)


def test_widget_count_does_not_grow_with_labels(app: AppTest, sandbox_view: SandboxView):
    def widget_count(at: AppTest) -> int:
        return sum(
            len(getattr(at, kind))
            for kind in (
                "text_input",
                "text_area",
                "selectbox",
                "multiselect",
                "toggle",
                "radio",
                "button",
                "color_picker",
            )
        )

    def load(labels: int) -> int:
        body = {
            "import_path": CAT_DOG,
            "included_labels": [
                {"name": f"label-{i}", "attributes": [{"name": f"a{j}", "type": "text"} for j in range(3)]}
                for i in range(labels)
            ],
        }
        app.text_area(key="request_json").input(json.dumps(body))
        app.button[[b.label for b in app.button].index("Fill the form")].click()
        run(app)
        count = widget_count(app)
        assert len(preview(app, whole=True)["included_labels"]) == labels
        return count

    pick(app, sandbox_view, "demo-image-classification")
    open_labels(app)
    few = load(2)
    # Beyond a page of labels: a search box (and a page number), and the preview's switch to unfold the list.
    assert load(150) == load(1500) == few + 2
    assert "Labels 1–100 of the 1,500 included." in texts(app)
    app.number_input(key="_label_page").set_value(15)
    run(app)
    assert "Labels 1,401–1,500 of the 1,500 included." in texts(app)
    assert app.selectbox(key="_selected_label").options[0] == "label-1400"  # the detail panel: this page's labels
    type_into(app, "_label_find", "label-14")
    assert 'Labels 1–100 of the 111 that have "label-14" in their name.' in texts(app)  # back within its 2 pages
    assert len(preview(app, whole=True)["included_labels"]) == 1500  # the page shown changes nothing sent


def test_the_body_preview_shows_markup_in_values_as_text(app: AppTest):
    """The body is drawn as HTML (a <pre>): what a field holds is escaped, never markup on the page."""
    path = "s3://bucket/</pre><img src=x onerror=alert(1)>&amp;'\"/"
    type_into(app, "import_path", path)
    assert preview(app)["import_path"] == path
    block = next(h.value for h in app.html if "request-body" in h.value)
    assert "<img" not in block and block.count("</pre>") == 1


def test_the_body_block_does_not_show_its_markup_in_its_repr():
    """With secrets revealed the block's HTML holds the password: its repr (logs, tracebacks) must not."""
    from components.preview import Markup

    block = Markup('<pre>{"user_password": "hunter2"}</pre>')
    assert "hunter2" in block._repr_html_() and "hunter2" not in repr(block)


def test_collapsed_panels_are_drawn_only_once_opened(app: AppTest):
    """The first page carries no widget of a closed Labels, Text label format or legacy panel, and no code
    block (the body preview is plain text): no label picker, no separator or annotation format choice."""
    assert [code.language for code in app.code] == []
    assert preview(app)["import_type"] == "dir"
    assert len(app.multiselect) == 0
    assert [radio.key for radio in app.radio] == ["import_type"]
    assert [toggle.key for toggle in app.toggle] == [
        "import_annotations",
        "import_samples",
        "final_annotation",
        "difficult_only",
    ]
