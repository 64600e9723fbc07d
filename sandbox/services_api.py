"""The neighbouring services' listings the form's table-source pickers use, answered with demo clusters, so the
pickers work offline. Paths and answer shapes are Huawei Cloud's (client/cloud_sources.py cites each page);
only the fields the pickers read are filled (demo/services.json). Authenticated as the ModelArts API is.

    GET /v1.0/{project_id}/clusters                            GaussDB(DWS) clusters
    GET /v1.1/{project_id}/cluster_infos                       MRS clusters (one streaming: the picker leaves it out)
    GET /v1.0/{project_id}/queues                              DLI queues
    GET /v1.0/{project_id}/databases                           DLI databases
    GET /v1.0/{project_id}/databases/{database_name}/tables    DLI tables of a database
    GET /v3/{project_id}/instances                             RDS instances
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends

from sandbox.errors import ApiError

DEMO = json.loads((Path(__file__).parent / "demo" / "services.json").read_text(encoding="utf-8"))


def services_router(authenticate: Any) -> APIRouter:
    router = APIRouter(dependencies=[Depends(authenticate)])

    @router.get("/v1.0/{project_id}/clusters")
    def dws_clusters(project_id: str) -> dict[str, Any]:
        return DEMO["dws_clusters"]

    @router.get("/v1.1/{project_id}/cluster_infos")
    def mrs_clusters(project_id: str) -> dict[str, Any]:
        return DEMO["mrs_clusters"]

    @router.get("/v1.0/{project_id}/queues")
    def dli_queues(project_id: str) -> dict[str, Any]:
        return DEMO["dli_queues"]

    @router.get("/v1.0/{project_id}/databases")
    def dli_databases(project_id: str) -> dict[str, Any]:
        return DEMO["dli_databases"]

    @router.get("/v1.0/{project_id}/databases/{database_name}/tables")
    def dli_tables(project_id: str, database_name: str) -> dict[str, Any]:
        if database_name not in DEMO["dli_tables"]:
            raise ApiError(404, "DLI.0002", f"There is no database named {database_name}.")
        return DEMO["dli_tables"][database_name]

    @router.get("/v3/{project_id}/instances")
    def rds_instances(project_id: str) -> dict[str, Any]:
        return DEMO["rds_instances"]

    return router
