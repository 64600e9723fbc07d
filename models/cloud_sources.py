"""What the neighbouring services answer when the form lists the user's own table sources: GaussDB(DWS)
clusters, MRS clusters, DLI queues, databases and tables, RDS instances. Only the fields the pickers show or
copy into the form; the pages are cited in client/cloud_sources.py."""

from pydantic import Field

from ._base import LenientModel

MRS_STREAMING = 1  # clusterType: 0 analysis, 1 streaming, 2 hybrid


class DwsCluster(LenientModel):
    id: str | None = None
    name: str | None = None
    status: str | None = None
    port: int | None = None
    private_ip: list[str] = Field(default_factory=list)
    user_name: str | None = None


class DwsClusterList(LenientModel):
    clusters: list[DwsCluster] = Field(default_factory=list)


class MrsCluster(LenientModel):
    cluster_id: str | None = Field(default=None, alias="clusterId")
    cluster_name: str | None = Field(default=None, alias="clusterName")
    cluster_state: str | None = Field(default=None, alias="clusterState")
    cluster_type: int | None = Field(default=None, alias="clusterType")
    safe_mode: int | None = Field(default=None, alias="safeMode")
    vpc_id: str | None = Field(default=None, alias="vpcId")
    subnet_id: str | None = Field(default=None, alias="subnetId")


class MrsClusterList(LenientModel):
    clusters: list[MrsCluster] = Field(default_factory=list)


class DliQueue(LenientModel):
    queue_name: str | None = None
    queue_type: str | None = None


class DliQueueList(LenientModel):
    queues: list[DliQueue] = Field(default_factory=list)


class DliDatabase(LenientModel):
    database_name: str | None = None


class DliDatabaseList(LenientModel):
    databases: list[DliDatabase] = Field(default_factory=list)


class DliTable(LenientModel):
    table_name: str | None = None


class DliTableList(LenientModel):
    tables: list[DliTable] = Field(default_factory=list)


class RdsDatastore(LenientModel):
    type: str | None = None
    version: str | None = None


class RdsInstance(LenientModel):
    id: str | None = None
    name: str | None = None
    status: str | None = None
    private_ips: list[str] = Field(default_factory=list)
    port: int | None = None
    datastore: RdsDatastore | None = None
    db_user_name: str | None = None


class RdsInstanceList(LenientModel):
    instances: list[RdsInstance] = Field(default_factory=list)
