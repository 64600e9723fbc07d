"""A warning (advice, models/rule_table.py) shows next to its field, in the check summary and beside the preview,
and the request can still be submitted; the sandbox accepts it."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from .conftest import SandboxView, preview, texts
from .portal import CAT_DOG, open_panel, pick, run, submit, type_into


def test_a_warning_is_shown_three_times_and_submit_stays_usable(app: AppTest, sandbox_view: SandboxView):
    dataset_id = pick(app, sandbox_view, "demo-image-classification")
    type_into(app, "import_path", CAT_DOG)
    open_panel(app, "_labels_open")
    app.multiselect(key="included_labels").set_value(["cat"])
    app.multiselect(key="excluded_labels").set_value(["cat"])
    run(app)
    open_panel(app, "_labels_open")  # kept open (its title now counts the warning)
    shown = texts(app)
    message = "'cat' is both included and excluded"
    field_notes = [m.value for m in app.markdown if m.value.startswith(":orange[") and "both included" in m.value]
    assert field_notes, shown  # next to the field (orange), and again in the check summary
    assert len(field_notes) >= 2
    assert any("The request can be sent" in w.value for w in app.warning)
    beside = [c.value for c in app.caption if "Sent as shown, with 1 warning" in c.value]
    assert beside and "both included and excluded" in beside[0].replace("\\", "")
    assert message in shown
    assert not app.button(key="_submit").disabled
    task_id = submit(app)
    assert sandbox_view.received(dataset_id, task_id) == preview(app)


def test_a_body_the_service_accepts_loads_without_error(app: AppTest, sandbox_view: SandboxView):
    """DWS named by cluster_id (as Terraform sends it), no ip/port: the form takes it and can submit it."""
    dataset_id = pick(app, sandbox_view, "demo-table-iris")
    body = {"import_origin": "dws", "data_source": {"data_type": 1, "source_info": {
        "cluster_id": "c-0a1b", "database_name": "sales", "table_name": "orders", "user_name": "dbadmin",
        "user_password": "S3cret-terraform"}}}  # fmt: skip
    app.text_area(key="request_json").input(json.dumps(body))
    app.button[[b.label for b in app.button].index("Fill the form")].click()
    run(app)
    assert "The form now holds the pasted request." in texts(app)
    assert app.text_input(key="data_source.source_info.cluster_id").value == "c-0a1b"
    assert not app.button(key="_submit").disabled
    submit(app)  # the sandbox accepts it, then fails it: it has no GaussDB(DWS)
    assert sandbox_view.tasks(dataset_id)
