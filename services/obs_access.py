"""Which OBS the form's folder browser and uploads use: the sandbox's folder (over its HTTP API), or OBS on
Huawei Cloud through its S3 API with the connection's access keys."""

from __future__ import annotations

from client import ModelArtsClient
from client.obs import ObsBrowser, S3Browser, SandboxBrowser, s3_client
from models.messages import N_

from . import settings
from .i18n import _
from .target import Connection, sandbox_url

NEEDS_KEYS = N_(
    "Browsing OBS needs access keys (AK/SK): sign in with access keys on the Connection page, or set "
    "HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK. A token or IAM password cannot sign OBS requests. "
    "You can still type the path."
)


def obs_browser(connection: Connection, client: ModelArtsClient) -> tuple[ObsBrowser | None, str]:
    """(browser, "") or (None, why OBS cannot be browsed from here, in the reader's language)."""
    if connection.kind == "sandbox":
        return SandboxBrowser(sandbox_url()), ""
    from preflight import obs_endpoint  # the OBS endpoint next to ModelArts: one rule, shared with Check source

    cloud = connection.settings
    access_key, secret_key = cloud.get("HUAWEICLOUD_SDK_AK"), cloud.get("HUAWEICLOUD_SDK_SK")
    if not access_key or not secret_key:
        return None, _(NEEDS_KEYS)
    endpoint = obs_endpoint(client.endpoint, client.region, settings.current().obs_endpoint)
    if endpoint is None:
        return None, _("The OBS endpoint is unknown for this ModelArts endpoint: set IMPORT_COMPOSER_OBS_ENDPOINT.")
    client_s3 = s3_client(
        endpoint,
        access_key,
        secret_key,
        security_token=cloud.get("HUAWEICLOUD_SDK_SECURITY_TOKEN"),
        region=client.region or None,
    )
    return S3Browser(client_s3, endpoint), ""
