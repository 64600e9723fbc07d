"""The sandbox's HTTP face: the ModelArts dataset and import-task endpoints (reference §2), answered locally.

Paths, bodies, status codes and error bodies are those of the service. Any project id is accepted and
all of them see the same datasets. Sandbox-only endpoints live under /_sandbox/ and need no auth, except with
access keys (--ak/--sk): then every request but the health check must be signed with them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from sandbox.config import SandboxConfig
from sandbox.db import Database, DuplicateName, ImportAlreadyRunning, now_ms
from sandbox.errors import (
    ApiError,
    dataset_not_found,
    import_running,
    invalid_argument,
    no_such_api,
    parameter_error,
    task_not_found,
)
from sandbox.faults import FaultMiddleware, FaultRule, FaultSwitch
from sandbox.middleware import ASGIApp, BodyLimitMiddleware, RequestIdMiddleware
from sandbox.objects_api import objects_router
from sandbox.runner import HOLD_STAGES, Runner, source_key
from sandbox.services_api import services_router
from sandbox.signature import check_auth
from sandbox.uploads_api import PART_BYTES, UPLOAD_PATHS, uploads_router
from sources.storage import PathError, obs_url, resolve_obs_path

if TYPE_CHECKING:
    from models import ImportTaskRequest

# The wire models (models/) and the layout readers (sources.layouts) are imported where a request first needs
# them, not before the sandbox serves: ~0.1 s of its start-up that no health check or dataset list needs.

log = logging.getLogger("sandbox.server")

SERVICE_NAME = "modelarts-sandbox"
PROJECT_ID_MAX = 64


@dataclass
class Sandbox:
    """Everything one sandbox process serves from."""

    config: SandboxConfig
    db: Database
    runner: Runner
    faults: FaultSwitch = field(default_factory=FaultSwitch)


def create_app(sandbox: Sandbox) -> ASGIApp:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        sandbox.runner.start()
        try:
            yield
        finally:
            sandbox.runner.stop()

    app = FastAPI(
        title="ModelArts sandbox",
        description="A local ModelArts-compatible server for dataset import tasks.",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.state.sandbox = sandbox
    _install_error_handlers(app)
    app.include_router(_api_router(sandbox))
    # /_sandbox/* follows the API's rule: with access keys, signed requests only (the health check excepted: it
    # says only that this sandbox runs, which its launcher asks before it can sign anything).
    guarded = [Depends(_authenticator(sandbox.config))] if sandbox.config.verifies_signatures else []
    app.include_router(_health_router(sandbox))
    app.include_router(_sandbox_router(sandbox), dependencies=guarded)
    app.include_router(objects_router(sandbox.runner.storage), dependencies=guarded)
    app.include_router(uploads_router(sandbox.runner.storage), dependencies=guarded)
    app.include_router(services_router(_authenticator(sandbox.config)))  # DWS, MRS, DLI, RDS: demo clusters
    part_limit = max(sandbox.config.max_body_bytes, PART_BYTES)
    wrapped: ASGIApp = BodyLimitMiddleware(
        app, sandbox.config.max_body_bytes, tuple((path, part_limit) for path in UPLOAD_PATHS)
    )
    if sandbox.config.faults:
        wrapped = FaultMiddleware(wrapped, sandbox.faults)
    return RequestIdMiddleware(wrapped)


# errors


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(_: Request, exc: RequestValidationError) -> JSONResponse:
        messages = []
        for error in exc.errors():
            where = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")]
            name = ".".join(where) or "request"
            got = error.get("input")
            suffix = f" (got {got!r})" if isinstance(got, str | int | float) and len(str(got)) <= 60 else ""
            messages.append(f"Parameter {name}: {error.get('msg', 'is invalid')}{suffix}.")
        return JSONResponse(parameter_error(" ".join(messages)).body(), status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code in (404, 405):
            error = no_such_api(request.method, request.url.path[:200])
            return JSONResponse(error.body(), status_code=exc.status_code)
        return JSONResponse({"error_code": "ModelArts.0010", "error_msg": str(exc.detail)}, exc.status_code)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return JSONResponse(
            {"error_code": "ModelArts.0010", "error_msg": "The sandbox failed unexpectedly; see its log."},
            status_code=500,
        )


def _problems_text(problems: list[Any]) -> str:
    return " ".join(f"{problem.key or 'body'}: {problem.message}" for problem in problems)


# dependencies


async def json_object(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw.strip():
        raise invalid_argument("The request body is empty. Send a JSON object.")
    try:
        data = json.loads(raw)
    except UnicodeDecodeError:
        raise invalid_argument("The request body is not UTF-8 text. Send a JSON object.") from None
    except json.JSONDecodeError as exc:
        raise invalid_argument(
            f"The request body is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from None
    except RecursionError:
        raise invalid_argument("The request body is nested too deeply.") from None
    if not isinstance(data, dict):
        raise invalid_argument("The request body must be a JSON object, written { … }.")
    return data


def _authenticator(config: SandboxConfig) -> Any:
    async def authenticate(request: Request) -> None:
        body = await request.body() if config.verifies_signatures else b""
        check_auth(
            request.method,
            request.scope.get("raw_path") or request.url.path.encode(),
            request.scope.get("query_string", b""),
            request.headers,
            body,
            config.ak,
            config.sk,
        )

    return authenticate


def _project(project_id: str) -> str:
    if not project_id or len(project_id) > PROJECT_ID_MAX:
        raise parameter_error(f"Parameter project_id: must have 1 to {PROJECT_ID_MAX} characters.")
    return project_id


Body = Annotated[dict[str, Any], Depends(json_object)]
Limit = Annotated[int, Query(ge=1, le=100)]
Offset = Annotated[int, Query(ge=0)]


# the ModelArts API


def _api_router(sandbox: Sandbox) -> APIRouter:
    db, runner = sandbox.db, sandbox.runner
    router = APIRouter(prefix="/v2/{project_id}", dependencies=[Depends(_authenticator(sandbox.config))])

    def dataset_or_404(project_id: str, dataset_id: str) -> dict[str, Any]:
        _project(project_id)
        dataset = db.get_dataset(dataset_id)
        if dataset is None:
            raise dataset_not_found(dataset_id)
        return dataset

    def require_dataset(project_id: str, dataset_id: str) -> None:
        """dataset_or_404 for routes that need no dataset details: polling a task of a large dataset must not
        count its samples each time (that scan also holds the database while an import writes)."""
        _project(project_id)
        if not db.dataset_exists(dataset_id):
            raise dataset_not_found(dataset_id)

    @router.post("/datasets", status_code=201)
    def create_dataset(project_id: str, body: Body) -> dict[str, Any]:
        from models import CreateDatasetRequest, DatasetType, field_problems

        _project(project_id)
        try:
            request = CreateDatasetRequest.model_validate(body)
        except ValidationError as exc:
            raise parameter_error(_problems_text(field_problems(exc, CreateDatasetRequest))) from None
        try:
            DatasetType(request.dataset_type)
        except ValueError:
            raise parameter_error(
                f"dataset_type: Dataset type must be one of {DatasetType.describe()} "
                f"(got {request.dataset_type})."
            ) from None
        schema = [
            {**column.to_body(), "schema_id": column.schema_id if column.schema_id is not None else index}
            for index, column in enumerate(request.schema_ or [])
        ]
        try:
            dataset_id = db.create_dataset(
                name=request.dataset_name,
                dataset_type=request.dataset_type,
                description=request.description or "",
                labels=[label.to_body() for label in request.labels or []],
                schema=schema,
                work_path=request.work_path,
                data_sources=request.data_sources,
            )
        except DuplicateName:
            raise ApiError(
                400,
                "ModelArts.0103",
                f"A dataset named {request.dataset_name!r} already exists. Choose another name.",
            ) from None
        return {"dataset_id": dataset_id, "dataset_name": request.dataset_name}

    @router.get("/datasets")
    def list_datasets(
        project_id: str,
        limit: Limit = 10,
        offset: Offset = 0,
        search_content: Annotated[str | None, Query(max_length=256)] = None,
        dataset_type: int | None = None,
        with_labels: bool = False,
    ) -> dict[str, Any]:
        _project(project_id)
        datasets, total = db.list_datasets(
            limit=limit, offset=offset, search=search_content, dataset_type=dataset_type
        )
        if with_labels:
            for dataset in datasets:
                dataset["labels"] = db.dataset_labels(dataset["dataset_id"])
        return {"datasets": datasets, "total_number": total}

    @router.get("/datasets/{dataset_id}")
    def dataset_details(project_id: str, dataset_id: str) -> dict[str, Any]:
        dataset = dataset_or_404(project_id, dataset_id)
        dataset["labels"] = db.dataset_labels(dataset_id)
        return dataset

    @router.get("/datasets/{dataset_id}/data-annotations/labels")
    def dataset_labels(project_id: str, dataset_id: str) -> dict[str, Any]:
        require_dataset(project_id, dataset_id)
        labels = db.dataset_labels(dataset_id)
        return {"labels": labels, "total_number": len(labels)}

    @router.get("/datasets/{dataset_id}/data-annotations/samples")
    def list_samples(
        project_id: str, dataset_id: str, request: Request, limit: Limit = 10, offset: Offset = 0
    ) -> dict[str, Any]:
        """ListSamples (GET /v2/{project_id}/datasets/{dataset_id}/data-annotations/samples), newest first;
        `preview` is a link to the object on this sandbox, as the service's is a link into OBS."""
        require_dataset(project_id, dataset_id)
        rows, total = db.sample_page(dataset_id, offset, limit)
        base = str(request.base_url).rstrip("/")
        return {"sample_count": total, "samples": [_sample(row, base) for row in rows]}

    @router.post("/datasets/{dataset_id}/import-tasks")
    def create_import_task(project_id: str, dataset_id: str, body: Body) -> dict[str, Any]:
        from models import check_request

        dataset = dataset_or_404(project_id, dataset_id)
        request = _import_request(body)
        checked = check_request(request, dataset["dataset_type"])
        if checked.errors:
            raise parameter_error(_problems_text(checked.errors))
        if request.source_kind == "obs":
            _check_obs_source(sandbox, request, dataset)
        import_type = None
        if request.source_kind == "obs":
            import_type = 1 if request.import_type == "manifest" else 0
        try:
            task_id = db.create_task(
                dataset_id=dataset_id,
                request_body=request.to_body(mask_secrets=True),
                source_kind=request.source_kind,
                import_path=request.import_path,
                import_type=import_type,
                data_source=_echoed_data_source(request),
            )
        except ImportAlreadyRunning as running:
            raise import_running(dataset_id, running.task_id) from None
        runner.submit(task_id)
        return {"task_id": task_id}

    @router.get("/datasets/{dataset_id}/import-tasks")
    def list_import_tasks(
        project_id: str, dataset_id: str, limit: Limit = 10, offset: Offset = 0
    ) -> dict[str, Any]:
        require_dataset(project_id, dataset_id)
        tasks, total = db.list_tasks(dataset_id, limit=limit, offset=offset)
        return {"import_tasks": [task_status(task) for task in tasks], "total_count": total}

    @router.get("/datasets/{dataset_id}/import-tasks/{task_id}")
    def import_task_details(project_id: str, dataset_id: str, task_id: str) -> dict[str, Any]:
        require_dataset(project_id, dataset_id)
        task = db.get_task(task_id, dataset_id)
        if task is None:
            raise task_not_found(dataset_id, task_id)
        return task_status(task)

    return router


SAMPLE_TYPES = {"image": 0, "text": 1, "audio": 2, "table": 4, "video": 6}


def _sample(row: dict[str, Any], base: str) -> dict[str, Any]:
    """A sample as ListSamples shows it (DescribeSampleResp): boxes as the labels' "@modelarts:feature"."""
    labels = []
    for annotation in row["annotations"] or []:
        label: dict[str, Any] = {"name": annotation["name"], "property": {}}
        if annotation.get("box"):
            xmin, ymin, xmax, ymax = annotation["box"]
            label["property"] = {"@modelarts:shape": "bndbox", "@modelarts:feature": [[xmin, ymin], [xmax, ymax]]}
        labels.append(label)
    source = row["source"]
    preview = f"{base}/_sandbox/objects/content?{urlencode({'key': source})}" if source.startswith("obs/") else None
    return {
        "sample_id": hashlib.md5(row["sample_key"].encode(), usedforsecurity=False).hexdigest(),
        "sample_type": SAMPLE_TYPES.get(row["kind"], 9),
        "source": obs_url(source),
        "preview": preview,
        "labels": labels,
        "sample_status": "MANUAL_ANNOTATION" if row["annotated"] else "UN_ANNOTATION",
        "sample_time": row["create_time"],
        "metadata": {"@modelarts:hard": row["hard"], "@modelarts:size": row["size"]},
    }


def _import_request(body: dict[str, Any]) -> ImportTaskRequest:
    from models import ImportTaskRequest, field_problems

    try:
        return ImportTaskRequest.model_validate(body)
    except ValidationError as exc:
        problems = field_problems(exc, ImportTaskRequest)
        path = body.get("import_path")
        if isinstance(path, str) and any(problem.path == ("import_path",) for problem in problems):
            try:
                resolve_obs_path(path)
            except PathError as error:  # the service's own code for a refused path
                raise ApiError(400, error.code, f"import_path: {error.message}") from None
        raise parameter_error(_problems_text(problems)) from None


def _check_obs_source(sandbox: Sandbox, request: ImportTaskRequest, dataset: dict[str, Any]) -> None:
    """What the service checks before it accepts an OBS import: the path is valid, exists, holds files."""
    from sources.layouts import ImportFailure, read_source

    storage = sandbox.runner.storage
    try:
        read_source(storage, request, dataset["dataset_type"])  # locates the source; reads nothing yet
    except ImportFailure as failure:
        raise ApiError(400, failure.code, f"import_path: {failure.message}") from None
    root, is_file = source_key(storage, request)
    if storage.size(root) == 0 if is_file else next(iter(storage.list(root + "/", limit=1)), None) is None:
        raise ApiError(
            400, "ModelArts.4340", f"import_path: {request.import_path} contains no file to import."
        )


def _echoed_data_source(request: ImportTaskRequest) -> dict[str, Any] | None:
    if request.data_source is not None:
        from models import SECRET_FIELDS

        echoed = request.data_source.to_body()
        for key in SECRET_FIELDS:  # data_source.source_info.<name>
            (echoed.get("source_info") or {}).pop(key.rsplit(".", 1)[-1], None)
        return echoed
    if request.source_kind == "obs" and request.import_path:
        return {"data_type": 0, "data_path": _obs_echo(request.import_path)}
    return None


def _obs_echo(path: str) -> str:
    """The service answers with obs://bucket/key/ whatever form the request used (reference §1)."""
    try:
        scheme, rest = resolve_obs_path(path)
    except PathError:
        return path
    return obs_url(f"{scheme}/{rest}") + ("/" if path.endswith("/") else "")


def task_status(task: dict[str, Any]) -> dict[str, Any]:
    """An import task as GET .../import-tasks/{task_id} answers it."""
    finished = task["finished_ms"]
    elapsed_ms = (finished or now_ms()) - (task["started_ms"] or task["create_time"])
    status: dict[str, Any] = {
        "task_id": task["task_id"],
        "dataset_id": task["dataset_id"],
        "status": task["status"],
    }
    if task["import_path"]:
        status["import_path"] = _obs_echo(task["import_path"])
    if task["import_type"] is not None:
        status["import_type"] = task["import_type"]
    if task["data_source"] is not None:
        status["data_source"] = task["data_source"]
    if task["error_code"]:
        status["error_code"] = task["error_code"]
        status["error_msg"] = task["error_msg"]
    status.update(
        total_sample_count=task["total_sample_count"],
        imported_sample_count=task["imported_sample_count"],
        annotated_sample_count=task["annotated_sample_count"],
        unconfirmed_sample_count=task["unconfirmed_sample_count"],
        total_sub_sample_count=0,
        imported_sub_sample_count=0,
        total_file_count=task["total_file_count"],
        finished_file_count=task["finished_file_count"],
        total_file_size=task["total_file_size"],
        finished_file_size=task["finished_file_size"],
        file_statistics={
            "file_num_finished": task["finished_file_count"],
            "file_num_total": task["total_file_count"],
            "file_size_finished": task["finished_file_size"],
            "file_size_total": task["total_file_size"],
        },
        create_time=task["create_time"],
        update_ms=task["update_ms"],
        elapsed_time=max(0, elapsed_ms) // 1000 if task["started_ms"] else 0,
    )
    return status


# sandbox-only endpoints


def _health_router(sandbox: Sandbox) -> APIRouter:
    router = APIRouter(prefix="/_sandbox")
    config = sandbox.config

    @router.get("/health")
    def health() -> dict[str, Any]:
        return {
            "status": "ok",
            "service": SERVICE_NAME,
            "instance": config.instance_id,
            "pid": os.getpid(),
            "auth": "AK/SK signatures only" if config.verifies_signatures else "any token",
            "faults": config.faults,
        }

    return router


def _sandbox_router(sandbox: Sandbox) -> APIRouter:
    router = APIRouter(prefix="/_sandbox")
    config = sandbox.config

    @router.get("/datasets/{dataset_id}/samples")
    def samples(dataset_id: str) -> dict[str, Any]:
        if sandbox.db.get_dataset(dataset_id) is None:
            raise dataset_not_found(dataset_id)
        rows = sandbox.db.samples(dataset_id)
        return {"samples": rows, "total_number": len(rows)}

    @router.get("/datasets/{dataset_id}/import-tasks/{task_id}/request")
    def received_request(dataset_id: str, task_id: str) -> dict[str, Any]:
        """The body the task was created with, as stored (passwords masked): for tests and demos."""
        task = sandbox.db.get_task(task_id, dataset_id)
        if task is None:
            raise task_not_found(dataset_id, task_id)
        return {"request": task["request"]}

    if not config.faults:
        return router

    @router.post("/faults")
    def arm_fault(body: Body) -> dict[str, Any]:
        try:
            rule = FaultRule.model_validate(body)
        except ValidationError as exc:
            raise parameter_error(_validation_text(exc)) from None
        sandbox.faults.arm(rule)
        return sandbox.faults.state()

    @router.get("/faults")
    def fault_state() -> dict[str, Any]:
        return sandbox.faults.state()

    @router.get("/received")
    def received_requests() -> dict[str, Any]:
        return {"requests": sandbox.faults.received()}

    @router.delete("/faults")
    def clear_faults() -> dict[str, Any]:
        sandbox.faults.clear()
        return sandbox.faults.state()

    @router.post("/imports")
    def hold_imports(body: Body) -> dict[str, Any]:
        if set(body) != {"hold"} or body["hold"] not in (*HOLD_STAGES, None):
            raise parameter_error(f'Send {{"hold": one of {list(HOLD_STAGES)} or null}}.')
        sandbox.runner.set_hold(body["hold"])
        return {"hold": sandbox.runner.hold}

    @router.get("/imports")
    def import_hold() -> dict[str, Any]:
        return {"hold": sandbox.runner.hold}

    return router


def _validation_text(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(part) for part in error["loc"]) or "body"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)
