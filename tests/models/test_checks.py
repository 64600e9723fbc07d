"""Dataset-aware checks: what the service would reject (errors) or ignore (warnings) for a dataset type."""

import pytest

from models import DatasetType, ImportTaskRequest, check_request, offers

OBS_DIR = {"import_path": "s3://bucket-1/dir/", "import_type": "dir"}


def check(body, dataset_type):
    return check_request(ImportTaskRequest.model_validate(body), dataset_type)


@pytest.mark.parametrize("dataset_type", [0, 1, 3, 100, 200, 400])
def test_directory_import_allowed(dataset_type):
    assert check(OBS_DIR, dataset_type).errors == []


@pytest.mark.parametrize("dataset_type", [101, 102, 201, 202, 600, 900])
def test_directory_import_refused_with_the_fix(dataset_type):
    (error,) = check(OBS_DIR, dataset_type).errors
    assert error.key == "import_type"
    assert "Choose manifest" in str(error.message)
    assert DatasetType(dataset_type).label in str(error.message)


def test_directory_is_the_default_and_says_so():
    (error,) = check({"import_path": "s3://bucket-1/a.manifest"}, 101).errors
    assert "(the default)" in str(error.message)
    assert check({"import_path": "s3://bucket-1/a.manifest", "import_type": "manifest"}, 101).ok


def test_table_sources_only_for_table_datasets():
    dli = {
        "import_origin": "dli",
        "data_source": {"source_info": {"queue_name": "q", "database_name": "d", "table_name": "t"}},
    }
    assert check(dli, 400).ok
    (error,) = check(dli, 0).errors
    assert error.key == "import_origin" and "table datasets only" in str(error.message)


def test_ignored_fields_are_warnings_not_errors():
    body = {
        **OBS_DIR,
        "label_format": {"label_type": "1"},
        "with_column_header": True,
        "annotation_format": "VOC",
        "data_source": {"schema_maps": [{"src_name": "a", "dest_name": "b"}]},
    }
    result = check(body, 0)
    assert result.ok
    keys = {w.key for w in result.warnings}
    assert {"label_format", "with_column_header", "annotation_format", "data_source.schema_maps"} <= keys


def test_text_dataset_keeps_label_format_quietly():
    result = check({**OBS_DIR, "label_format": {"label_type": "0"}}, 100)
    assert result.ok and result.warnings == []


def test_import_folder_ignored_for_tables():
    keys = {w.key for w in check({**OBS_DIR, "import_folder": "batch-1"}, 400).warnings}
    assert "import_folder" in keys
    assert check({**OBS_DIR, "import_folder": "batch-1"}, 0).warnings == []


def test_label_type_that_does_not_fit_the_dataset():
    (warning,) = check({**OBS_DIR, "included_labels": [{"name": "cat", "type": 1}]}, 0).warnings
    assert warning.path == ("included_labels", 0, "type")
    assert "Use type 0" in str(warning.message)


def test_obs_fields_ignored_for_table_source():
    dws = {
        "import_origin": "dws",
        "import_path": "s3://bucket-1/x/",
        "data_source": {
            "source_info": {
                "ip": "10.0.0.1",
                "port": "8000",
                "database_name": "d",
                "table_name": "t",
                "user_name": "u",
                "user_password": "p",
            }
        },
    }
    assert "import_path" in {w.key for w in check(dws, 400).warnings}


def test_nothing_to_import_is_warned():
    keys = {w.key for w in check({**OBS_DIR, "import_samples": False, "import_annotations": False}, 0).warnings}
    assert "import_samples" in keys


def test_offers_give_a_reason_when_not_allowed():
    table = offers(400)
    assert table["table_sources"].allowed and not table["import_folder"].allowed
    text = offers(100)
    assert text["label_format"].allowed and not text["annotation_format"].allowed
    assert "object detection" in str(text["annotation_format"].reason)
    assert offers(1)["annotation_format"].allowed
