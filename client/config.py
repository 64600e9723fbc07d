"""Building a client from settings: the environment, or any mapping (e.g. Streamlit secrets).

Nothing set at all gives None, so the app can fall back to the local sandbox. Settings that are
present but incomplete or contradictory raise ConfigurationError naming the variable to fix.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from models.messages import Message

from .auth import AkSkAuth, Auth, IamUserAuth, TokenAuth
from .client import ModelArtsClient
from .endpoints import resolve_endpoint
from .errors import ConfigurationError

ENV_VARS: dict[str, str] = {
    "MODELARTS_REGION": "Region id, e.g. `cn-north-4`; picks the ModelArts and IAM endpoints",
    "MODELARTS_ENDPOINT": "Base URL instead of the region's (another Huawei-based cloud, or a sandbox)",
    "MODELARTS_PROJECT_ID": "Project id; required with a token, else looked up automatically",
    "MODELARTS_TOKEN": "A ready IAM token (lasts 24 h)",
    "HUAWEICLOUD_SDK_AK": "Access key id (requests are signed with SDK-HMAC-SHA256)",
    "HUAWEICLOUD_SDK_SK": "Secret access key",
    "HUAWEICLOUD_SDK_SECURITY_TOKEN": "Security token of a temporary access key",
    "MODELARTS_IAM_USER": "IAM user name; with its password and account a token is fetched and renewed",
    "MODELARTS_IAM_PASSWORD": "IAM user password",
    "MODELARTS_IAM_DOMAIN": "Account (domain) name the IAM user belongs to",
    "MODELARTS_IAM_ENDPOINT": "IAM base URL when it can't be derived from the region or endpoint",
}  # fmt: skip

_METHODS = {
    "token": ("MODELARTS_TOKEN",),
    "aksk": ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"),
    "iam_user": ("MODELARTS_IAM_USER", "MODELARTS_IAM_PASSWORD", "MODELARTS_IAM_DOMAIN"),
}


def client_from_env(environ: Mapping[str, str] | None = None, **client_kwargs: Any) -> ModelArtsClient | None:
    """A client from environment variables (see ENV_VARS), or None when none of them is set."""
    return client_from_mapping(os.environ if environ is None else environ, **client_kwargs)


def client_from_mapping(settings: Mapping[str, Any], **client_kwargs: Any) -> ModelArtsClient | None:
    """A client from a mapping with the ENV_VARS names as keys (any case), or None when none is set."""
    values = _values(settings)
    if not values:
        return None
    auth = _auth(values)
    endpoint, region = resolve_endpoint(values.get("MODELARTS_ENDPOINT"), values.get("MODELARTS_REGION"))
    return ModelArtsClient(
        endpoint,
        values.get("MODELARTS_PROJECT_ID"),
        auth,
        region=region,
        iam_endpoint=values.get("MODELARTS_IAM_ENDPOINT"),
        **client_kwargs,
    )


def is_configured(settings: Mapping[str, Any] | None = None) -> bool:
    """True when any of the ENV_VARS is set (in the mapping, or else the environment)."""
    return bool(_values(os.environ if settings is None else settings))


def _values(settings: Mapping[str, Any]) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, value in settings.items():
        name = str(key).upper()
        if name in ENV_VARS and value is not None and str(value).strip():
            values[name] = str(value).strip()
    return values


def _auth(values: Mapping[str, str]) -> Auth:
    started = [kind for kind, names in _METHODS.items() if any(name in values for name in names)]
    if not started:
        raise ConfigurationError(
            Message("ModelArts settings are present but no credentials."),
            Message(
                "Set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or MODELARTS_TOKEN, or MODELARTS_IAM_USER, "
                "MODELARTS_IAM_PASSWORD and MODELARTS_IAM_DOMAIN."
            ),
        )
    if len(started) > 1:
        names = " and ".join(_METHODS[kind][0] for kind in started)
        raise ConfigurationError(
            Message("Credentials of more than one kind are set ({names}).", {"names": names}),
            Message("Keep one way to sign in and unset the others."),
        )
    kind = started[0]
    missing = [name for name in _METHODS[kind] if name not in values]
    if missing:
        params = {"names": ", ".join(missing), "all": " and ".join(missing)}
        raise ConfigurationError(
            Message("{names} is not set.", params) if len(missing) == 1 else Message("{names} are not set.", params),
            Message("Set {all} as well.", params),
        )
    if kind == "token":
        if "MODELARTS_PROJECT_ID" not in values:
            raise ConfigurationError(
                Message("MODELARTS_PROJECT_ID is not set; with a token it cannot be looked up."),
                Message("Set it to the project id of the token's region (console: My Credentials > API Credentials)."),
            )
        return TokenAuth(values["MODELARTS_TOKEN"])
    if kind == "aksk":
        return AkSkAuth(
            values["HUAWEICLOUD_SDK_AK"],
            values["HUAWEICLOUD_SDK_SK"],
            values.get("HUAWEICLOUD_SDK_SECURITY_TOKEN"),
        )
    return IamUserAuth(
        values["MODELARTS_IAM_USER"],
        values["MODELARTS_IAM_PASSWORD"],
        values["MODELARTS_IAM_DOMAIN"],
        region=values.get("MODELARTS_REGION"),
        project_id=values.get("MODELARTS_PROJECT_ID"),
        iam_endpoint=values.get("MODELARTS_IAM_ENDPOINT"),
    )
