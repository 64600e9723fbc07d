"""Where Check source reads a source from, for this session's target: the sandbox's folder or its objects API,
or OBS through its S3 API with the connection's access keys. The components reach the storages (`sources/`)
only through here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from client import ModelArtsClient

from . import settings
from .i18n import _
from .target import Connection, local_sandbox

if TYPE_CHECKING:
    from sources.storage import Storage

# preflight and sources (the layout readers, boto3 on demand) are imported where a check runs: a new session's
# first page needs none of it.


def reader(connection: Connection, client: ModelArtsClient) -> tuple[Storage | None, str]:
    """(storage, where it reads) or (None, why the source cannot be read from here), in the reader's language."""
    from preflight import S3Storage, SandboxObjectsStorage, obs_endpoint
    from sources.storage import LocalStorage

    if connection.kind == "sandbox":
        external = settings.current().sandbox_url
        if external:
            return SandboxObjectsStorage(external), _("the sandbox at {url} (its read-only objects API)").format(
                url=external
            )
        root = local_sandbox().data_root
        return LocalStorage(root), _("the sandbox's folder {folder}").format(folder=root)
    cloud = connection.settings
    access_key, secret_key = cloud.get("HUAWEICLOUD_SDK_AK"), cloud.get("HUAWEICLOUD_SDK_SK")
    if not access_key or not secret_key:
        return None, _(
            "Reading OBS needs access keys (AK/SK). Sign in with access keys on the Connection page, or set "
            "HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK; a token or IAM password cannot sign OBS requests."
        )
    endpoint = obs_endpoint(client.endpoint, client.region, settings.current().obs_endpoint)
    if endpoint is None:
        return None, _("The OBS endpoint is unknown for this ModelArts endpoint: set IMPORT_COMPOSER_OBS_ENDPOINT.")
    storage = S3Storage.connect(
        endpoint,
        access_key,
        secret_key,
        security_token=cloud.get("HUAWEICLOUD_SDK_SECURITY_TOKEN"),
        region=client.region or None,
    )
    return storage, _("OBS at {endpoint} with your access keys").format(endpoint=endpoint)


def obs_url(key: str) -> str:
    """How the service shows a storage key: "obs/b/k" -> "obs://b/k", "hdfs/p" -> "hdfs:///p"."""
    from sources.storage import obs_url as url

    return url(key)
