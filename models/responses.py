"""What the import-task endpoints answer (spec Table 11, reference §2 and §3)."""

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, model_validator

from ._base import LenientModel
from .enums import TERMINAL_STATUSES, ImportType


class ImportTaskResponse(LenientModel):
    """**Table 11** Response body parameters."""

    task_id: str = Field(title="Task ID", description="ID of an import task.")


def _import_type_from_status(value: Any) -> Any:
    """The status API returns 0/1; the create API sends dir/manifest. Both read as dir/manifest."""
    if isinstance(value, int | str) and not isinstance(value, bool):
        text = str(value).strip().lower()
        return {"0": ImportType.DIR, "1": ImportType.MANIFEST}.get(text, text)
    return value


class FileStatistics(LenientModel):
    file_num_finished: int | None = None
    file_num_total: int | None = None
    file_size_finished: int | None = None
    file_size_total: int | None = None


class ImportTaskStatus(LenientModel):
    """An import task's details: GET .../import-tasks/{task_id}."""

    task_id: str | None = None
    dataset_id: str | None = None
    status: str | None = Field(default=None, description="QUEUING, STARTING, RUNNING, COMPLETED, FAILED or NOT_EXIST")
    import_path: str | None = None
    import_type: Annotated[ImportType | None, BeforeValidator(_import_type_from_status)] = None
    data_source: dict[str, Any] | None = None
    error_code: str | None = None
    error_msg: str | None = None
    total_sample_count: int | None = None
    imported_sample_count: int | None = None
    annotated_sample_count: int | None = None
    unconfirmed_sample_count: int | None = None
    total_sub_sample_count: int | None = None
    imported_sub_sample_count: int | None = None
    total_file_count: int | None = None
    finished_file_count: int | None = None
    total_file_size: int | None = None
    finished_file_size: int | None = None
    file_statistics: FileStatistics | None = None
    processor_task_id: str | None = None
    processor_task_status: int | str | None = None
    create_time: int | None = Field(default=None, description="epoch milliseconds")
    update_ms: int | None = Field(default=None, description="epoch milliseconds")
    elapsed_time: float | None = Field(default=None, description="seconds")

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES

    def to_body(self) -> dict[str, Any]:
        """The wire form the service returns: import_type as the integer 0 (dir) or 1 (manifest)."""
        body = super().to_body()
        if self.import_type is not None:
            body["import_type"] = 1 if self.import_type == ImportType.MANIFEST else 0
        return body


class ImportTaskList(LenientModel):
    import_tasks: list[ImportTaskStatus] = Field(default_factory=list)
    total_count: int | None = None


class ErrorBody(LenientModel):
    """`{"error_code": "ModelArts.4352", "error_msg": "..."}`; one doc version says `error_message`."""

    error_code: str | None = None
    error_msg: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _error_message_alias(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("error_msg") is None and "error_message" in data:
            data = {**data, "error_msg": data["error_message"]}
        return data

    @property
    def message(self) -> str:
        return self.error_msg or ""
