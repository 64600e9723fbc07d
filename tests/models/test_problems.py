"""field_problems: every error names its wire path, the field's human name and the fix."""

import pytest
from pydantic import ValidationError

from models import ImportTaskRequest, field_problems


def problems(body):
    with pytest.raises(ValidationError) as caught:
        ImportTaskRequest.model_validate(body)
    return field_problems(caught.value)


def only(body):
    found = problems(body)
    assert len(found) == 1, [str(p.text) for p in found]
    return found[0]


def test_nested_path_and_label():
    dws = {
        "import_origin": "dws",
        "data_source": {
            "source_info": {
                "ip": "10.0.0.1",
                "port": "99999",
                "database_name": "d",
                "table_name": "t",
                "user_name": "u",
                "user_password": "p",
            }
        },
    }
    problem = only(dws)
    assert problem.path == ("data_source", "source_info", "port")
    assert str(problem.label) == "Port"
    assert problem.key == "data_source.source_info.port"
    assert "1 to 65535" in str(problem.message)
    assert str(problem.where) == "Data source › Source information › Port"


def test_unknown_key_suggests_the_close_one():
    problem = only({"import_path": "s3://b-1/x", "improt_folder": "f"})
    assert problem.path == ("improt_folder",)
    assert 'Did you mean "import_folder"' in str(problem.message)


def test_unknown_key_without_close_match_says_remove():
    problem = only({"import_path": "s3://b-1/x", "zzz": 1})
    assert "Did you mean" not in str(problem.message)
    assert "remove it" in str(problem.message)


def test_unknown_property_key_suggests_wire_name():
    problem = only(
        {"import_path": "s3://b-1/x", "included_labels": [{"name": "a", "property": {"@modelarts:colour": "#FFFFFF"}}]}
    )
    assert problem.path == ("included_labels", 0, "property", "@modelarts:colour")
    assert '"@modelarts:color"' in str(problem.message)


def test_python_name_is_not_a_wire_key():
    problem = only({"import_path": "s3://b-1/x", "included_labels": [{"name": "a", "property": {"color": "#FFFFFF"}}]})
    assert problem.path[-1] == "color"
    assert '"@modelarts:color"' in str(problem.message)


def test_list_positions_count_from_one_for_people():
    problem = only({"import_path": "s3://b-1/x", "excluded_labels": ["a", {"name": 5}]})
    assert problem.path == ("excluded_labels", 1, "name")
    assert str(problem.where) == "Excluded labels › 2 › Label name"
    assert str(problem.text).startswith("Excluded labels › 2: Label name must be text in quotes")


def test_enum_message_lists_choices_with_meanings():
    problem = only({"import_path": "s3://b-1/x", "data_source": {"data_type": 9}})
    assert "0 (OBS bucket)" in str(problem.message) and "6 (Inference service)" in str(problem.message)
    assert "(got 9)" in str(problem.message)


def test_type_errors_say_what_to_write():
    found = {
        p.key: str(p.message)
        for p in problems({"import_path": "s3://b-1/x", "difficult_only": "maybe", "import_folder": 5})
    }
    assert found["difficult_only"] == (
        "Hard examples only must be true or false (a JSON Boolean, without quotes) (got 'maybe')."
    )
    assert found["import_folder"] == "Import folder must be text in quotes (got 5)."


def test_all_problems_reported_at_once():
    found = problems({"import_origin": "dws"})
    assert {p.key for p in found} == {
        "data_source.source_info.user_name",
        "data_source.source_info.user_password",
    }
    assert all(str(p.message).endswith(".") for p in found)


def test_password_never_in_error_text():
    body = {"import_origin": "dws", "data_source": {"source_info": {"user_password": "hunter2-secret", "ip": "x"}}}
    with pytest.raises(ValidationError) as caught:
        ImportTaskRequest.model_validate(body)
    assert "hunter2-secret" not in str(caught.value)
    assert all("hunter2-secret" not in str(p.text) for p in field_problems(caught.value))
