"""ModelArtsClient: the dataset and import-task endpoints, answering with models/ types."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

import requests
from pydantic import BaseModel, ValidationError

from models import (
    CreateDatasetRequest,
    CreateDatasetResponse,
    Dataset,
    DatasetList,
    ImportTaskList,
    ImportTaskRequest,
    ImportTaskResponse,
    ImportTaskStatus,
    LabelList,
)
from models.messages import N_, Message
from models.samples import SampleList

from .auth import Auth, AuthScope, OutgoingRequest
from .endpoints import endpoint_for_region, iam_endpoint_for, normalize_endpoint, region_from_endpoint
from .errors import ConfigurationError, InvalidResponseError, ModelArtsError, error_from_response, redact
from .transport import Timeout, Transport, read_json

ModelT = TypeVar("ModelT", bound=BaseModel)

JSON_TYPE = "application/json"


class ModelArtsClient:
    """ModelArts dataset API of one project.

    `project_id` may be None with AkSkAuth (asked of IAM by region) or IamUserAuth (read from the
    token); it is looked up on the first call. `timeout` is (connect, read) in seconds. GETs are
    retried `retries` times with back-off; a create POST only when the connection was refused.
    """

    def __init__(
        self,
        endpoint: str,
        project_id: str | None,
        auth: Auth,
        timeout: Timeout | tuple[float, float] | float = (5.0, 30.0),
        session: requests.Session | None = None,
        retries: int = 2,
        *,
        region: str | None = None,
        iam_endpoint: str | None = None,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not isinstance(auth, Auth):
            raise TypeError("auth must be TokenAuth, IamUserAuth or AkSkAuth")
        self.endpoint = normalize_endpoint(endpoint)
        self.region = (region or "").strip().lower() or region_from_endpoint(self.endpoint)
        self.iam_endpoint = (
            normalize_endpoint(iam_endpoint) if iam_endpoint else iam_endpoint_for(self.region, self.endpoint)
        )
        self.auth = auth
        self._project_id = (project_id or "").strip() or None
        self._project_lock = threading.Lock()
        self.transport = Transport(session, timeout, retries, backoff=backoff, sleep=sleep)

    @classmethod
    def for_region(cls, region: str, auth: Auth, project_id: str | None = None, **kwargs: Any) -> ModelArtsClient:
        """A client for a Huawei Cloud region id such as "cn-north-4"."""
        return cls(endpoint_for_region(region), project_id, auth, region=region, **kwargs)

    # --- import tasks ---------------------------------------------------------------------------

    def create_import_task(self, dataset_id: str, request: ImportTaskRequest | Mapping[str, Any]) -> str:
        """Create an import task; return its task id. A mapping is first parsed as ImportTaskRequest."""
        if not isinstance(request, ImportTaskRequest):
            request = ImportTaskRequest.model_validate(dict(request))
        password = _source_password(request)
        answer = self._call(
            "POST",
            ("datasets", dataset_id, "import-tasks"),
            body=request.to_body(),
            extra_secrets=(password,) if password else (),
        )
        task_id = self._parse(ImportTaskResponse, answer, "POST").task_id
        if not task_id:
            raise self._shape_error(
                N_("ModelArts answered, but the answer to creating the import task holds no task_id."), "POST"
            )
        return task_id

    def get_import_task(self, dataset_id: str, task_id: str) -> ImportTaskStatus:
        answer = self._call("GET", ("datasets", dataset_id, "import-tasks", task_id))
        return self._parse(ImportTaskStatus, answer, "GET")

    def list_import_tasks(self, dataset_id: str, limit: int = 10, offset: int = 0) -> ImportTaskList:
        if not 1 <= limit <= 100:
            raise ValueError("limit must be between 1 and 100")
        if offset < 0:
            raise ValueError("offset must be 0 or more")
        query = {"limit": limit, "offset": offset}
        answer = self._call("GET", ("datasets", dataset_id, "import-tasks"), query)
        return self._parse(ImportTaskList, answer, "GET")

    # --- datasets -------------------------------------------------------------------------------

    def list_datasets(
        self,
        limit: int = 10,
        offset: int = 0,
        with_labels: bool = False,
        search_content: str | None = None,
        dataset_type: int | None = None,
    ) -> DatasetList:
        if not 1 <= limit <= 100:
            raise ValueError("limit must be between 1 and 100")
        if offset < 0:
            raise ValueError("offset must be 0 or more")
        query: dict[str, Any] = {"limit": limit, "offset": offset}
        if with_labels:
            query["with_labels"] = "true"
        if search_content:
            query["search_content"] = search_content
        if dataset_type is not None:
            query["dataset_type"] = int(dataset_type)
        return self._parse(DatasetList, self._call("GET", ("datasets",), query), "GET")

    def get_dataset(self, dataset_id: str) -> Dataset:
        return self._parse(Dataset, self._call("GET", ("datasets", dataset_id)), "GET")

    def list_labels(self, dataset_id: str) -> LabelList:
        answer = self._call("GET", ("datasets", dataset_id, "data-annotations", "labels"))
        return self._parse(LabelList, answer, "GET")

    def create_dataset(self, request: CreateDatasetRequest | Mapping[str, Any]) -> str:
        """Create a dataset; return its id."""
        if not isinstance(request, CreateDatasetRequest):
            request = CreateDatasetRequest.model_validate(dict(request))
        answer = self._call("POST", ("datasets",), body=request.to_body())
        dataset_id = self._parse(CreateDatasetResponse, answer, "POST").dataset_id
        if not dataset_id:
            raise self._shape_error(
                N_("ModelArts answered, but the answer to creating the dataset holds no dataset_id."), "POST"
            )
        return dataset_id

    def list_samples(self, dataset_id: str, limit: int = 10, offset: int = 0) -> SampleList:
        """ListSamples, newest first: GET /v2/{project_id}/datasets/{dataset_id}/data-annotations/samples
        (https://support.huaweicloud.com/intl/en-us/api-modelarts/ListSamples.html)."""
        if not 1 <= limit <= 100:
            raise ValueError("limit must be between 1 and 100")
        query = {"limit": limit, "offset": offset, "order": "desc"}
        answer = self._call("GET", ("datasets", dataset_id, "data-annotations", "samples"), query)
        return self._parse(SampleList, answer, "GET")

    def sample_preview(self, url: str, max_bytes: int = 5 * 1024 * 1024) -> bytes | None:
        """The bytes behind a sample's `preview` link (a signed OBS link, or the sandbox's), at most `max_bytes`;
        None when it cannot be read. The link carries its own authorisation: nothing of this client's is sent."""
        if not url.startswith(("http://", "https://")):
            return None
        try:
            response = self.transport.request("GET", url, {}, None, idempotent=True)
        except ModelArtsError:
            return None
        if response.status_code != 200 or len(response.content) > max_bytes:
            return None
        return response.content

    # --- plumbing -------------------------------------------------------------------------------

    @property
    def project_id(self) -> str:
        """The project id, looked up once (IAM) when it was not given."""
        with self._project_lock:
            if self._project_id is None:
                found = self.auth.find_project_id(self.transport, self._scope())
                if not found:
                    raise ConfigurationError(
                        Message("The ModelArts project id is unknown."),
                        Message(
                            "Set MODELARTS_PROJECT_ID (console: My Credentials > API Credentials, the project of "
                            "your region)."
                        ),
                    )
                self._project_id = found
            return self._project_id

    def describe(self) -> str:
        """One line, no secrets: where this client goes and how it authenticates."""
        how = {"token": "an IAM token", "iam_user": "an IAM user", "aksk": "access keys"}.get(
            self.auth.kind, self.auth.kind
        )
        project = self._project_id or "(looked up on first call)"
        return f"ModelArts at {self.endpoint}, project {project}, with {how}"

    def __repr__(self) -> str:
        return f"ModelArtsClient(endpoint={self.endpoint!r}, project_id={self._project_id!r}, auth={self.auth!r})"

    def _scope(self, project_id: str | None = None) -> AuthScope:
        return AuthScope(region=self.region, iam_endpoint=self.iam_endpoint, project_id=project_id)

    def _call(
        self,
        method: str,
        path: tuple[str, ...],
        query: Mapping[str, Any] | None = None,
        body: Any = None,
        extra_secrets: tuple[str, ...] = (),
    ) -> Any:
        project_id = self.project_id
        return self._send(method, self._url(project_id, path, query), project_id, body, extra_secrets)

    def _send(
        self, method: str, url: str, project_id: str, body: Any = None, extra_secrets: tuple[str, ...] = ()
    ) -> Any:
        """Send to any URL of this project (ModelArts, or a neighbouring service) with this client's auth."""
        headers = {"Accept": JSON_TYPE}
        data = None
        if body is not None:
            headers["Content-Type"] = JSON_TYPE
            data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        scope = self._scope(project_id)

        def signer(method: str, url: str, headers: Mapping[str, str], body: bytes) -> dict[str, str]:
            return self.auth.headers_for(OutgoingRequest(method, url, headers, body), self.transport, scope)

        refreshed = False
        while True:
            response = self.transport.request(method, url, headers, data, sign=signer, idempotent=method == "GET")
            if response.status_code == 401 and not refreshed and self.auth.refresh():
                refreshed = True
                continue
            break
        if response.status_code >= 400:
            raise error_from_response(
                response.status_code,
                response.headers,
                response.content,
                method=method,
                url=url,
                auth_kind=self.auth.kind,
                secrets=(*self.auth.secrets(), *extra_secrets),
            )
        return read_json(response, method=method, url=url)

    def _url(self, project_id: str, path: tuple[str, ...], query: Mapping[str, Any] | None) -> str:
        for part in path:
            if not isinstance(part, str) or not part.strip():
                raise ValueError("dataset and task ids must be non-empty strings")
        segments = "/".join(quote(part, safe="") for part in ("v2", project_id, *path))
        url = f"{self.endpoint}/{segments}"
        if query:
            url += "?" + urlencode(query, quote_via=quote, safe="~")
        return url

    def _parse(self, model: type[ModelT], answer: Any, method: str) -> ModelT:
        try:
            return model.model_validate(answer)
        except ValidationError as exc:
            where = "; ".join(".".join(str(p) for p in error["loc"]) or "(top)" for error in exc.errors()[:3])
            raise self._shape_error(
                N_("ModelArts answered, but the answer does not have the {model} shape (at {where})."),
                method,
                model=model.__name__,
                where=where,
            ) from None

    def _shape_error(self, what: str, method: str, **params: str) -> InvalidResponseError:
        """`what`: a message id; `params` may quote the answer, so the secrets are scrubbed from them."""
        secrets = self.auth.secrets()
        return InvalidResponseError(
            Message(what, {name: redact(value, secrets) for name, value in params.items()}),
            Message("Check that the endpoint is the ModelArts API (not a proxy or another service)."),
            reason="unexpected_shape",
            method=method,
        )


def _source_password(request: ImportTaskRequest) -> str | None:
    from models import SECRET_FIELDS

    for key in SECRET_FIELDS:
        secret = request.value_at(key)
        if secret is not None:
            return secret.get_secret_value()
    return None
