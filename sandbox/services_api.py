"""The neighbouring services' listings the form's table-source pickers use, answered with demo clusters, so the
pickers work offline. Paths and answer shapes are Huawei Cloud's (client/cloud_sources.py cites each page);
only the fields the pickers read are filled. Authenticated as the ModelArts API is.

    GET /v1.0/{project_id}/clusters                            GaussDB(DWS) clusters
    GET /v1.1/{project_id}/cluster_infos                       MRS clusters (one streaming: the picker leaves it out)
    GET /v1.0/{project_id}/queues                              DLI queues
    GET /v1.0/{project_id}/databases                           DLI databases
    GET /v1.0/{project_id}/databases/{database_name}/tables    DLI tables of a database
    GET /v3/{project_id}/instances                             RDS instances
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from sandbox.errors import ApiError

DWS_CLUSTERS = [
    {"id": "0b1e5d3c-dws-0001", "name": "demo-dws", "status": "AVAILABLE", "port": 8000,
     "private_ip": ["192.168.0.10"], "user_name": "dbadmin", "vpc_id": "vpc-demo", "subnet_id": "subnet-demo"},
    {"id": "0b1e5d3c-dws-0002", "name": "reports-dws", "status": "AVAILABLE", "port": 8000,
     "private_ip": ["192.168.0.11"], "user_name": "dbadmin", "vpc_id": "vpc-demo", "subnet_id": "subnet-demo"},
]
# clusterType: 0 analysis, 1 streaming, 2 hybrid; safeMode: 0 normal, 1 security (Kerberos)
MRS_CLUSTERS = [
    {"clusterId": "mrs-demo-0001", "clusterName": "demo-cluster", "clusterState": "running", "clusterType": 0,
     "safeMode": 0, "vpcId": "vpc-demo", "subnetId": "subnet-demo"},
    {"clusterId": "mrs-demo-0002", "clusterName": "secure-cluster", "clusterState": "running", "clusterType": 2,
     "safeMode": 1, "vpcId": "vpc-demo", "subnetId": "subnet-demo"},
    {"clusterId": "mrs-demo-0003", "clusterName": "kafka-streaming", "clusterState": "running", "clusterType": 1,
     "safeMode": 0, "vpcId": "vpc-demo", "subnetId": "subnet-demo"},
]
DLI_QUEUES = [
    {"queue_name": "default", "queue_type": "sql", "cu_count": 16},
    {"queue_name": "demo_queue", "queue_type": "sql", "cu_count": 16},
]
DLI_TABLES = {"demo": ["iris", "sales"], "shop": ["orders", "reviews"]}
RDS_INSTANCES = [
    {"id": "rds-demo-0001in01", "name": "demo-mysql", "status": "ACTIVE", "private_ips": ["192.168.0.20"],
     "port": 3306, "datastore": {"type": "MySQL", "version": "8.0"}, "db_user_name": "root"},
    {"id": "rds-demo-0002in03", "name": "demo-postgres", "status": "ACTIVE", "private_ips": ["192.168.0.21"],
     "port": 5432, "datastore": {"type": "PostgreSQL", "version": "15"}, "db_user_name": "root"},
]


def services_router(authenticate: Any) -> APIRouter:
    router = APIRouter(dependencies=[Depends(authenticate)])

    @router.get("/v1.0/{project_id}/clusters")
    def dws_clusters(project_id: str) -> dict[str, Any]:
        return {"clusters": DWS_CLUSTERS, "count": len(DWS_CLUSTERS)}

    @router.get("/v1.1/{project_id}/cluster_infos")
    def mrs_clusters(project_id: str) -> dict[str, Any]:
        return {"clusterTotal": len(MRS_CLUSTERS), "clusters": MRS_CLUSTERS}

    @router.get("/v1.0/{project_id}/queues")
    def dli_queues(project_id: str) -> dict[str, Any]:
        return {"is_success": True, "message": "", "queues": DLI_QUEUES}

    @router.get("/v1.0/{project_id}/databases")
    def dli_databases(project_id: str) -> dict[str, Any]:
        databases = [{"database_name": name, "table_number": len(tables)} for name, tables in DLI_TABLES.items()]
        return {"is_success": True, "message": "", "database_count": len(databases), "databases": databases}

    @router.get("/v1.0/{project_id}/databases/{database_name}/tables")
    def dli_tables(project_id: str, database_name: str) -> dict[str, Any]:
        if database_name not in DLI_TABLES:
            raise ApiError(404, "DLI.0002", f"There is no database named {database_name}.")
        tables = [{"table_name": name, "table_type": "MANAGED"} for name in DLI_TABLES[database_name]]
        return {"is_success": True, "message": "", "table_count": len(tables), "tables": tables}

    @router.get("/v3/{project_id}/instances")
    def rds_instances(project_id: str) -> dict[str, Any]:
        return {"instances": RDS_INSTANCES, "total_count": len(RDS_INSTANCES)}

    return router
