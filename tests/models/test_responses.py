from models import Dataset, DatasetList, ErrorBody, ImportTaskList, ImportTaskStatus, LabelList

STATUS = {
    "status": "COMPLETED",
    "task_id": "gfghHSokody6AJigS5A_RHJ1zOkV5B8zsvKQ12p",
    "dataset_id": "gfghHSokody6AJigS5A",
    "import_path": "obs://test-obs/daoLu_images/animals/",
    "import_type": 0,
    "total_sample_count": 20,
    "imported_sample_count": 20,
    "annotated_sample_count": 20,
    "total_sub_sample_count": 0,
    "imported_sub_sample_count": 0,
    "total_file_size": 0,
    "finished_file_count": 0,
    "finished_file_size": 0,
    "total_file_count": 0,
    "update_ms": 1606114833955,
    "create_time": 1606114833874,
    "elapsed_time": 2,
    "file_statistics": {"file_num_finished": 20, "file_num_total": 20, "file_size_finished": 1, "file_size_total": 1},
    "some_future_field": "ignored",
}


def test_status_reads_integer_import_type_and_writes_it_back():
    status = ImportTaskStatus.model_validate(STATUS)
    assert status.import_type == "dir"
    assert status.is_terminal
    assert status.file_statistics.file_num_total == 20
    body = status.to_body()
    assert body["import_type"] == 0
    assert "some_future_field" not in body


def test_status_reads_named_import_type():
    assert ImportTaskStatus.model_validate({"import_type": "manifest", "status": "RUNNING"}).import_type == "manifest"
    assert not ImportTaskStatus.model_validate({"status": "RUNNING"}).is_terminal
    assert ImportTaskStatus.model_validate({"import_type": 1}).to_body()["import_type"] == 1


def test_task_list():
    tasks = ImportTaskList.model_validate({"import_tasks": [STATUS], "total_count": 1})
    assert tasks.import_tasks[0].task_id == STATUS["task_id"]


def test_error_body_reads_both_spellings():
    assert ErrorBody.model_validate({"error_code": "ModelArts.4352", "error_msg": "gone"}).message == "gone"
    assert ErrorBody.model_validate({"error_code": "ModelArts.4352", "error_message": "gone"}).message == "gone"


def test_dataset_and_lists():
    dataset = Dataset.model_validate(
        {
            "dataset_id": "d1",
            "dataset_name": "Pets",
            "dataset_type": 400,
            "labels": None,
            "schema": [{"schema_id": 1, "name": "age", "type": "INT"}],
            "future": 1,
        }
    )
    assert dataset.labels == [] and dataset.schema_[0].name == "age"
    assert dataset.to_body()["schema"][0]["name"] == "age"
    datasets = DatasetList.model_validate({"datasets": [{"dataset_id": "d1"}], "total_number": 1})
    assert datasets.datasets[0].dataset_id == "d1"
    labels = LabelList.model_validate(
        {"labels": [{"name": "cat", "type": 0, "property": {"@modelarts:color": "#fff"}}]}
    )
    assert labels.labels[0].property["@modelarts:color"] == "#fff"
