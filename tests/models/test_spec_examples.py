"""The spec's own examples parse, and their legacy forms come out canonical."""

from models import ImportTaskRequest, ImportTaskResponse

SPEC_OBS_EXAMPLE = {
    "import_type": "dir",
    "import_path": "s3://test-obs/daoLu_images/cat-dog/",
    "included_tags": [],
    "import_annotations": False,
    "difficult_only": False,
}
SPEC_MANIFEST_EXAMPLE = {
    "import_type": "manifest",
    "import_path": "s3://test-obs/classify/output/dataset-f9e8-gfghHSokody6AJigS5A/annotation/V002/V002.manifest",
    "included_tags": ["cat", "dog", "Cat", "Dog"],
    "import_annotations": True,
    "difficult_only": False,
}


def test_obs_example_normalises_included_tags():
    request = ImportTaskRequest.model_validate(SPEC_OBS_EXAMPLE)
    assert request.to_body() == {
        "import_type": "dir",
        "import_path": "s3://test-obs/daoLu_images/cat-dog/",
        "included_labels": [],
        "import_annotations": False,
        "difficult_only": False,
    }


def test_manifest_example_turns_label_names_into_label_objects():
    request = ImportTaskRequest.model_validate(SPEC_MANIFEST_EXAMPLE)
    body = request.to_body()
    assert body["included_labels"] == [{"name": "cat"}, {"name": "dog"}, {"name": "Cat"}, {"name": "Dog"}]
    assert "included_tags" not in body
    assert body["import_type"] == "manifest"


def test_canonical_bodies_are_fixed_points():
    for example in (SPEC_OBS_EXAMPLE, SPEC_MANIFEST_EXAMPLE):
        canonical = ImportTaskRequest.model_validate(example).to_body()
        assert ImportTaskRequest.model_validate(canonical).to_body() == canonical


def test_example_response():
    response = ImportTaskResponse.model_validate({"task_id": "gfghHSokody6AJigS5A_m1dYqOw8vWCAznw1V28"})
    assert response.task_id == "gfghHSokody6AJigS5A_m1dYqOw8vWCAznw1V28"


def test_no_default_is_filled_in():
    assert ImportTaskRequest.model_validate({"import_path": "s3://bucket/dir/"}).to_body() == {
        "import_path": "s3://bucket/dir/"
    }
