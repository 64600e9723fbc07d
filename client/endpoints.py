"""Where ModelArts and IAM live: region ids to endpoints, and custom base URLs checked."""

from __future__ import annotations

import re
from types import MappingProxyType
from urllib.parse import urlsplit

from models.messages import Message

from .errors import ConfigurationError

# Region table of huaweicloudsdkmodelarts (v1/region/modelarts_region.py, 3.1.219). Note ap-southeast-1
# is the one region served under .cn.
MODELARTS_ENDPOINTS = MappingProxyType(
    {
        "cn-north-1": "https://modelarts.cn-north-1.myhuaweicloud.com",
        "cn-north-4": "https://modelarts.cn-north-4.myhuaweicloud.com",
        "cn-south-1": "https://modelarts.cn-south-1.myhuaweicloud.com",
        "ap-southeast-1": "https://modelarts.ap-southeast-1.myhuaweicloud.cn",
        "ap-southeast-2": "https://modelarts.ap-southeast-2.myhuaweicloud.com",
        "ap-southeast-3": "https://modelarts.ap-southeast-3.myhuaweicloud.com",
        "cn-east-3": "https://modelarts.cn-east-3.myhuaweicloud.com",
        "cn-east-4": "https://modelarts.cn-east-4.myhuaweicloud.com",
        "la-south-2": "https://modelarts.la-south-2.myhuaweicloud.com",
        "af-south-1": "https://modelarts.af-south-1.myhuaweicloud.com",
        "cn-north-9": "https://modelarts.cn-north-9.myhuaweicloud.com",
        "tr-west-1": "https://modelarts.tr-west-1.myhuaweicloud.com",
        "ap-southeast-4": "https://modelarts.ap-southeast-4.myhuaweicloud.com",
        "me-east-1": "https://modelarts.me-east-1.myhuaweicloud.com",
        "cn-southwest-2": "https://modelarts.cn-southwest-2.myhuaweicloud.com",
        "cn-north-2": "https://modelarts.cn-north-2.myhuaweicloud.com",
        "sa-brazil-1": "https://modelarts.sa-brazil-1.myhuaweicloud.com",
        "la-north-2": "https://modelarts.la-north-2.myhuaweicloud.com",
        "af-north-1": "https://modelarts.af-north-1.myhuaweicloud.com",
        "cn-north-12": "https://modelarts.cn-north-12.myhuaweicloud.com",
        "cn-southwest-3": "https://modelarts.cn-southwest-3.myhuaweicloud.com",
        "cn-north-11": "https://modelarts.cn-north-11.myhuaweicloud.com",
    }
)

_REGION_RE = re.compile(r"^[a-z]{2,}(-[a-z0-9]+)+$")
_API_PATH_RE = re.compile(r"/v[12](/|$)")


def endpoint_for_region(region: str) -> str:
    """The ModelArts endpoint of a Huawei Cloud region id, e.g. "cn-north-4"."""
    key = (region or "").strip().lower()
    if key in MODELARTS_ENDPOINTS:
        return MODELARTS_ENDPOINTS[key]
    raise ConfigurationError(
        Message("Unknown ModelArts region {region}.", {"region": repr(region)}),
        Message(
            "Use one of {regions}; for another cloud (e.g. a Huawei-based partner cloud) set MODELARTS_ENDPOINT to "
            "its ModelArts base URL instead.",
            {"regions": ", ".join(sorted(MODELARTS_ENDPOINTS))},
        ),
    )


def normalize_endpoint(url: str) -> str:
    """A checked base URL: scheme and host, optional port and path prefix, no trailing slash.

    A bare host name gets https://. Query strings, fragments, user info and API paths are refused.
    """
    text = (url or "").strip()
    if not text:
        raise ConfigurationError(
            Message("The ModelArts endpoint is empty."), Message("Set MODELARTS_ENDPOINT or MODELARTS_REGION.")
        )
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    fix = Message("Give the base URL only, e.g. https://modelarts.cn-north-4.myhuaweicloud.com")
    shown = {"endpoint": repr(url)}
    if parts.scheme not in ("http", "https"):
        raise ConfigurationError(Message("The endpoint {endpoint} is not an http(s) URL.", shown), fix)
    if not parts.hostname:
        raise ConfigurationError(Message("The endpoint {endpoint} has no host name.", shown), fix)
    if parts.username or parts.password:
        raise ConfigurationError(Message("The endpoint must not contain a user name or password."), fix)
    if parts.query or parts.fragment:
        raise ConfigurationError(
            Message("The endpoint {endpoint} has a query string or fragment.", {"endpoint": repr(_safe(url))}), fix
        )
    try:
        port = parts.port
    except ValueError:
        raise ConfigurationError(Message("The endpoint {endpoint} has an invalid port.", shown), fix) from None
    path = parts.path.rstrip("/")
    if _API_PATH_RE.search(path + "/"):
        raise ConfigurationError(Message("The endpoint {endpoint} includes an API path.", shown), fix)
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = f"{host}:{port}" if port is not None else host
    return f"{parts.scheme}://{netloc}{path}"


def region_from_endpoint(endpoint: str) -> str | None:
    """The region id in a ModelArts host name such as modelarts.eu-de.otc.t-systems.com, if any."""
    host = urlsplit(endpoint if "://" in endpoint else "https://" + endpoint).hostname or ""
    labels = host.split(".")
    if len(labels) >= 3 and labels[0] == "modelarts" and _REGION_RE.match(labels[1]):
        return labels[1]
    return None


def iam_endpoint_for(region: str | None = None, endpoint: str | None = None) -> str | None:
    """The IAM endpoint of a region, or one inferred from a custom ModelArts endpoint's host name."""
    if region and region.strip().lower() in MODELARTS_ENDPOINTS:
        return f"https://iam.{region.strip().lower()}.myhuaweicloud.com"
    if endpoint:
        parts = urlsplit(endpoint)
        host = parts.hostname or ""
        if host.startswith("modelarts."):
            return f"{parts.scheme}://iam.{host.removeprefix('modelarts.')}"
    if region and _REGION_RE.match(region.strip().lower()):
        return f"https://iam.{region.strip().lower()}.myhuaweicloud.com"
    return None


def resolve_endpoint(endpoint: str | None = None, region: str | None = None) -> tuple[str, str | None]:
    """(base URL, region id or None) from an endpoint, a region, or both (the endpoint wins)."""
    if endpoint and endpoint.strip():
        base = normalize_endpoint(endpoint)
        return base, (region.strip().lower() if region and region.strip() else region_from_endpoint(base))
    if region and region.strip():
        return endpoint_for_region(region), region.strip().lower()
    raise ConfigurationError(
        Message("No ModelArts endpoint is configured."), Message("Set MODELARTS_REGION or MODELARTS_ENDPOINT.")
    )


def _safe(url: str) -> str:
    return url.split("?", 1)[0].split("#", 1)[0]
