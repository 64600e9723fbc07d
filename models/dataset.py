"""Datasets and their labels as the dataset endpoints describe them (reference §2)."""

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, field_validator

from ._base import LenientModel, WireModel, reject_bool
from .enums import DatasetType
from .request import Label


class DatasetLabel(LenientModel):
    """A label as a dataset reports it: read leniently, since the service may add keys we don't model."""

    name: str
    type: int | None = None
    property: dict[str, Any] = Field(default_factory=dict)
    attributes: list[dict[str, Any]] = Field(default_factory=list)


class SchemaColumn(LenientModel):
    """A table dataset's column."""

    schema_id: int | None = None
    name: str
    type: str | None = None
    description: str | None = None


class Dataset(LenientModel):
    dataset_id: str
    dataset_name: str | None = None
    description: str | None = None
    dataset_type: int | None = None
    dataset_format: int | None = Field(default=None, description="0 file, 1 table")
    status: int | None = None
    labels: list[DatasetLabel] = Field(default_factory=list)
    schema_: list[SchemaColumn] = Field(default_factory=list, alias="schema")
    data_sources: list[dict[str, Any]] = Field(default_factory=list)
    work_path: str | None = None
    total_sample_count: int | None = None
    annotated_sample_count: int | None = None
    create_time: int | None = None

    @field_validator("labels", "schema_", "data_sources", mode="before")
    @classmethod
    def _null_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value

    @property
    def label_names(self) -> list[str]:
        return [label.name for label in self.labels]


class DatasetList(LenientModel):
    datasets: list[Dataset] = Field(default_factory=list)
    total_number: int | None = None


class LabelList(LenientModel):
    labels: list[DatasetLabel] = Field(default_factory=list)
    total_number: int | None = None


class CreateDatasetRequest(WireModel):
    """POST /v2/{project_id}/datasets, as much of it as the sandbox needs."""

    dataset_name: str = Field(title="Dataset name", min_length=1, max_length=100)
    dataset_type: Annotated[DatasetType, BeforeValidator(reject_bool)] = Field(
        default=DatasetType.IMAGE_CLASSIFICATION, title="Dataset type"
    )
    description: str | None = Field(default=None, title="Description", max_length=256)
    labels: list[Label] | None = Field(default=None, title="Labels")
    schema_: list[SchemaColumn] | None = Field(default=None, alias="schema", title="Table schema")
    work_path: str | None = Field(default=None, title="Work path")
    data_sources: list[dict[str, Any]] | None = Field(default=None, title="Data sources")


class CreateDatasetResponse(LenientModel):
    dataset_id: str
    dataset_name: str | None = None
