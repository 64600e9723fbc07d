"""Bad input, fuzzed (profiles in tests/conftest.py: the default is CI-sized, HYPOTHESIS_PROFILE=long for a
thorough local run). Complements tests/models/test_properties.py (arbitrary JSON and near-valid request
bodies) with: near-valid bodies with any JSON value put at any of their paths, the dataset-creation body,
and every response model. Only ValidationError may come out, and every problem has a path (the fields it
names, or none for the body as a whole), a label and a message written for people.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from models import (
    CreateDatasetRequest,
    Dataset,
    DatasetList,
    ErrorBody,
    ImportTaskList,
    ImportTaskRequest,
    ImportTaskResponse,
    ImportTaskStatus,
    LabelList,
    check_request,
    field_problems,
)
from tests.models.test_properties import dataset_types, json_like, label, near_valid

RESPONSES = (ImportTaskResponse, ImportTaskStatus, ImportTaskList, Dataset, DatasetList, LabelList, ErrorBody)
WHOLE_BODY = ()


def paths_of(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path into a JSON value (dict keys and list indexes), the value itself included."""
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += paths_of(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += paths_of(inner, (*prefix, index))
    return found


def replaced(value: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[head] = replaced(value[head], rest, new)
    return copy


@st.composite
def near_valid_with_a_bad_value(draw: st.DrawFn) -> dict:
    body = draw(near_valid)
    path = draw(st.sampled_from(paths_of(body)[1:] or [()]))
    return replaced(body, path, draw(json_like))


def assert_problems_are_complete(problems: list, *, from_validation: bool) -> None:
    if from_validation:
        assert problems, "a ValidationError must give at least one problem"
    for problem in problems:
        assert isinstance(problem.path, tuple)
        assert all(isinstance(part, str | int) for part in problem.path)
        if problem.path == WHOLE_BODY:
            assert str(problem.label).strip() and not problem.key.strip("."), problem
        assert str(problem.label).strip(), problem
        message = str(problem.message)
        assert message.strip(), problem
        assert "pydantic" not in message and "errors.pydantic.dev" not in message, message
        assert problem.severity in ("error", "warning"), problem


def judge(model: type[BaseModel], body: Any) -> BaseModel | None:
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        assert_problems_are_complete(field_problems(exc, model), from_validation=True)
        return None


@given(near_valid_with_a_bad_value(), dataset_types)
def test_any_value_at_any_path_gives_only_complete_problems(body, dataset_type):
    request = judge(ImportTaskRequest, body)
    if request is not None:
        result = check_request(request, dataset_type)
        assert_problems_are_complete([*result.errors, *result.warnings], from_validation=False)


create_dataset = st.fixed_dictionaries(
    {},
    optional={
        "dataset_name": st.text(max_size=70) | json_like,
        "dataset_type": st.sampled_from([0, 1, 3, 100, 400, 900, 5, -1, "0", None]) | json_like,
        "description": st.text(max_size=20) | json_like,
        "labels": st.lists(label, max_size=3) | json_like,
        "schema": st.lists(
            st.fixed_dictionaries({}, optional={"name": st.text(max_size=8), "type": st.text(max_size=8)}),
            max_size=3,
        )
        | json_like,
        "work_path": st.text(max_size=20) | json_like,
        "data_sources": json_like,
    },
)


@given(create_dataset | json_like)
def test_dataset_creation_bodies_give_only_complete_problems(body):
    judge(CreateDatasetRequest, body)


@given(st.sampled_from(RESPONSES), json_like)
def test_any_answer_parses_or_raises_only_validation_error(model, body):
    judge(model, body)
