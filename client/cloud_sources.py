"""The user's own table sources, listed through the neighbouring services with the ModelArts client's auth
(token, IAM user or AK/SK) and project, at the region's endpoint of each service: the ModelArts host with
"modelarts." replaced by the service's name (any other endpoint, e.g. the sandbox, serves them itself).

API pages:
- GaussDB(DWS) clusters: GET /v1.0/{project_id}/clusters
  https://support.huaweicloud.com/intl/en-us/api-dws/ListClusters.html
- MRS clusters: GET /v1.1/{project_id}/cluster_infos (clusterType 1 is a streaming cluster)
  https://support.huaweicloud.com/intl/en-us/api-mrs/mrs_02_0030.html
- DLI queues: GET /v1.0/{project_id}/queues   https://support.huaweicloud.com/intl/en-us/api-dli/dli_02_0196.html
- DLI databases: GET /v1.0/{project_id}/databases   https://support.huaweicloud.com/intl/en-us/api-dli/dli_02_0029.html
- DLI tables: GET /v1.0/{project_id}/databases/{database_name}/tables
  https://support.huaweicloud.com/intl/en-us/api-dli/dli_02_0105.html
- RDS instances: GET /v3/{project_id}/instances   https://support.huaweicloud.com/intl/en-us/api-rds/rds_01_0004.html
"""

from __future__ import annotations

from typing import Any, TypeVar
from urllib.parse import quote, urlencode, urlsplit

from pydantic import BaseModel

from models.cloud_sources import (
    MRS_STREAMING,
    DliDatabase,
    DliDatabaseList,
    DliQueue,
    DliQueueList,
    DliTable,
    DliTableList,
    DwsCluster,
    DwsClusterList,
    MrsCluster,
    MrsClusterList,
    RdsInstance,
    RdsInstanceList,
)

from .client import ModelArtsClient

ModelT = TypeVar("ModelT", bound=BaseModel)
PAGE = 100


def service_endpoint(modelarts_endpoint: str, service: str) -> str:
    """https://modelarts.cn-north-4.myhuaweicloud.com -> https://dws.cn-north-4.myhuaweicloud.com; an endpoint
    not named modelarts.* (the sandbox, a proxy) is used as it is."""
    parts = urlsplit(modelarts_endpoint)
    host = parts.netloc
    if host.startswith("modelarts."):
        return f"{parts.scheme}://{service}.{host.removeprefix('modelarts.')}{parts.path}"
    return modelarts_endpoint


class CloudSources:
    """Lists of the project's DWS, MRS, DLI and RDS resources. Failures raise the client's ModelArtsErrors,
    whose text says what to do (e.g. PermissionDeniedError: the user lacks the service's read permission)."""

    def __init__(self, client: ModelArtsClient) -> None:
        self.client = client

    def dws_clusters(self) -> list[DwsCluster]:
        return self._get("dws", ("v1.0", "clusters"), None, DwsClusterList).clusters

    def mrs_clusters(self) -> list[MrsCluster]:
        """The MRS clusters an import can read: streaming clusters have no HDFS tables, so they are left out."""
        query = {"pageSize": PAGE, "currentPage": 1, "clusterState": "existing"}
        clusters = self._get("mrs", ("v1.1", "cluster_infos"), query, MrsClusterList).clusters
        return [c for c in clusters if c.cluster_type != MRS_STREAMING]

    def dli_queues(self) -> list[DliQueue]:
        return self._get("dli", ("v1.0", "queues"), {"queue_type": "all"}, DliQueueList).queues

    def dli_databases(self) -> list[DliDatabase]:
        return self._get("dli", ("v1.0", "databases"), None, DliDatabaseList).databases

    def dli_tables(self, database_name: str) -> list[DliTable]:
        return self._get("dli", ("v1.0", "databases", database_name, "tables"), None, DliTableList).tables

    def rds_instances(self) -> list[RdsInstance]:
        return self._get("rds", ("v3", "instances"), None, RdsInstanceList).instances

    def _get(self, service: str, path: tuple[str, ...], query: dict[str, Any] | None, model: type[ModelT]) -> ModelT:
        client = self.client
        project_id = client.project_id
        version, *rest = path
        segments = "/".join(quote(part, safe="") for part in (version, project_id, *rest))
        url = f"{service_endpoint(client.endpoint, service)}/{segments}"
        if query:
            url += "?" + urlencode(query, quote_via=quote, safe="~")
        return client._parse(model, client._send("GET", url, project_id), "GET")
