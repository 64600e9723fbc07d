"""Checks on single values. Each returns the broken rule of `rule_table` and the values its message needs, or None.

Whether a finding blocks is the rule's level in the table, not decided here.
"""

import ipaddress
import re
from typing import Any

from .messages import N_, Message
from .rule_table import ATTRIBUTE_NAME_CHARACTERS

Finding = tuple[str, dict[str, Any]]

OBS_PREFIXES = ("s3://", "obs://", "/")
# Letters, digits and -_./ are what the service's ModelArts.4313 message allows in an OBS path.
_SAFE_PATH = re.compile(r"[A-Za-z0-9\-_./]*")
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]")
HEX_COLOR_PATTERN = r"#[0-9A-Fa-f]+"  # what Table 9 allows; #RGB and #RRGGBB are what tools show (a warning)
_HEX_COLOR = re.compile(HEX_COLOR_PATTERN)
_SHORT_OR_LONG_COLOR = re.compile(r"#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})")
_FUNCTION_KEY = re.compile(r"F(?:[1-9]|1[0-2])", re.IGNORECASE)
SEPARATOR_SPECIALS = "!@#$%^&*_=|?/':.;,"
ATTRIBUTE_NAME_FORBIDDEN = "<>=&\"'"
ATTRIBUTE_NAME_MAX = 64


def obs_prefix(path: str) -> str | None:
    return next((p for p in OBS_PREFIXES if path.startswith(p)), None)


def obs_path_problem(path: str) -> Finding | None:
    """Why the service would refuse this (non-blank) OBS path; None when it is well formed."""
    prefix = obs_prefix(path)
    if prefix is None:
        return "obs_path_scheme", {"value": shorten(path)}
    rest = path[len(prefix) :]
    if "//" in rest or (prefix == "/" and rest.startswith("/")):
        return "obs_path_double_slash", {}
    bucket = rest.split("/", 1)[0]
    if not bucket:
        return "obs_bucket_name", {
            "bucket": bucket,
            "reason": Message(N_("the path names no bucket. Write s3://<bucket>/<folder>/.")),
        }
    reason = bucket_name_problem(bucket)
    if reason:
        return "obs_bucket_name", {"bucket": bucket, "reason": reason}
    return None


def obs_path_advice(path: str) -> list[Finding]:
    found: list[Finding] = []
    odd = obs_path_characters(path)
    if odd:
        found.append(("obs_path_characters", {"chars": " ".join(repr(c) for c in odd)}))
    if ".." in path.split("/"):
        found.append(("obs_path_parent", {}))
    return found


def bucket_name_problem(bucket: str) -> Message | None:
    if not 3 <= len(bucket) <= 63:
        return Message(N_("a bucket name has 3 to 63 characters."))
    if not _BUCKET.fullmatch(bucket):
        return Message(
            N_(
                "a bucket name uses lower-case letters, digits, hyphens and periods, "
                "and starts and ends with a letter or digit."
            )
        )
    if ".." in bucket or ".-" in bucket or "-." in bucket:
        return Message(N_("a bucket name has no two periods in a row and no period next to a hyphen."))
    if _is_ip(bucket):
        return Message(N_("a bucket name cannot look like an IP address."))
    return None


def obs_path_characters(path: str) -> str:
    """The characters of a path that the service often rejects (ModelArts.4313), in order of appearance."""
    prefix = obs_prefix(path) or ""
    odd = [c for c in path[len(prefix) :] if not _SAFE_PATH.fullmatch(c)]
    return "".join(dict.fromkeys(odd))


def separator_problem(value: str) -> Finding | None:
    if value == "\\t":
        return "separator_tab_written", {}
    if len(value) != 1:
        return "separator_length", {"count": len(value)}
    if value == "\t" or (value.isascii() and value.isalnum()) or value in SEPARATOR_SPECIALS:
        return None
    return "separator_character", {"value": value}


def ip_advice(value: str) -> Finding | None:
    if _is_ip(value.strip()):
        return None
    return "ip_address", {"value": shorten(value)}


def port_problem(value: str) -> Finding | None:
    if value.isascii() and value.isdigit() and 1 <= int(value) <= 65535:
        return None
    return "port_number", {"value": shorten(value)}


def color_problem(value: str) -> Finding | None:
    if _HEX_COLOR.fullmatch(value):
        return None
    return "color_hex", {"value": shorten(value)}


def color_advice(value: str) -> Finding | None:
    if not _HEX_COLOR.fullmatch(value) or _SHORT_OR_LONG_COLOR.fullmatch(value):
        return None
    return "color_form", {"value": shorten(value)}


def shortcut_advice(value: str) -> Finding | None:
    if (len(value) == 1 and value.isascii() and value.isalnum()) or _FUNCTION_KEY.fullmatch(value):
        return None
    return "shortcut_key", {"value": shorten(value)}


def attribute_name_advice(value: str) -> Finding | None:
    if not value.strip():
        return None  # an empty value is the blank_value rule's
    if len(value) > ATTRIBUTE_NAME_MAX:
        return "attribute_name_form", {"count": len(value), "most": ATTRIBUTE_NAME_MAX}
    bad = "".join(dict.fromkeys(c for c in value if c in ATTRIBUTE_NAME_FORBIDDEN))
    if bad:
        return "attribute_name_form", {"sentence": ATTRIBUTE_NAME_CHARACTERS, "chars": " ".join(bad)}
    return None


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def shorten(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
