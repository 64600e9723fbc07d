"""The checks on single values that the spec and the service impose. Each returns what is wrong, or None."""

import ipaddress
import re

OBS_SCHEMES = ("s3://", "obs://")
# Letters, digits and -_./ are what the service's ModelArts.4313 message allows in an OBS path.
_SAFE_PATH = re.compile(r"[A-Za-z0-9\-_./]*")
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]")
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
SEPARATOR_SPECIALS = "!@#$%^&*_=|?/':.;,"
ATTRIBUTE_NAME_FORBIDDEN = "<>=&\"'"
ATTRIBUTE_NAME_MAX = 64


def obs_path_problem(path: str) -> str | None:
    """Why the service would refuse this OBS path, with the fix; None when it is well formed."""
    if not path.strip():
        return "is empty. Enter the OBS path to import, e.g. s3://my-bucket/images/."
    scheme = next((s for s in OBS_SCHEMES if path.startswith(s)), None)
    if scheme is None:
        return f"must start with s3:// or obs://, e.g. s3://my-bucket/images/ (got {_shorten(path)!r})."
    rest = path[len(scheme) :]
    if "//" in rest:
        return "must not contain // after the scheme. Remove the doubled slash."
    bucket = rest.split("/", 1)[0]
    if not bucket:
        return f"has no bucket name. Write it as {scheme}<bucket>/<folder>/."
    bucket_problem = bucket_name_problem(bucket)
    if bucket_problem:
        return f"has an invalid bucket name {bucket!r}: {bucket_problem}"
    if "/.." in "/" + rest or "\\" in rest:
        return "must not contain .. or backslashes. Give the folder's full path from the bucket."
    return None


def bucket_name_problem(bucket: str) -> str | None:
    if not 3 <= len(bucket) <= 63:
        return "a bucket name has 3 to 63 characters."
    if not _BUCKET.fullmatch(bucket):
        return (
            "a bucket name uses lower-case letters, digits, hyphens and periods, "
            "and starts and ends with a letter or digit."
        )
    if ".." in bucket or ".-" in bucket or "-." in bucket:
        return "a bucket name has no two periods in a row and no period next to a hyphen."
    if _is_ip(bucket):
        return "a bucket name cannot look like an IP address."
    return None


def obs_path_characters(path: str) -> str:
    """The characters of a path that the service often rejects (ModelArts.4313), in order of appearance."""
    scheme = next((s for s in OBS_SCHEMES if path.startswith(s)), "")
    odd = [c for c in path[len(scheme) :] if not _SAFE_PATH.fullmatch(c)]
    return "".join(dict.fromkeys(odd))


def separator_problem(value: str) -> str | None:
    if value == "\\t":
        return "write Tab as one Tab character (the JSON escape \\t), not a backslash followed by t."
    if len(value) != 1:
        return f"must be exactly one character (got {len(value)})."
    if value == "\t" or (value.isascii() and value.isalnum()) or value in SEPARATOR_SPECIALS:
        return None
    return f"must be a letter, a digit, Tab, or one of {SEPARATOR_SPECIALS} (got {value!r})."


def ip_problem(value: str) -> str | None:
    if _is_ip(value.strip()):
        return None
    return f"must be an IP address such as 192.168.0.10 (got {_shorten(value)!r})."


def port_problem(value: str) -> str | None:
    if value.isascii() and value.isdigit() and 1 <= int(value) <= 65535:
        return None
    return f"must be a whole number from 1 to 65535, e.g. 8000 (got {_shorten(value)!r})."


def color_problem(value: str) -> str | None:
    if _COLOR.fullmatch(value):
        return None
    return f"must be a hexadecimal colour #RRGGBB, e.g. #FFFFF0 (got {_shorten(value)!r})."


def shortcut_problem(value: str) -> str | None:
    if len(value) == 1 and value.isascii() and value.isalnum():
        return None
    return f"must be one letter or digit, e.g. D (got {_shorten(value)!r})."


def attribute_name_problem(value: str) -> str | None:
    if not value.strip():
        return "is empty. Give the attribute a name, e.g. colour."
    if len(value) > ATTRIBUTE_NAME_MAX:
        return f"has {len(value)} characters; use at most {ATTRIBUTE_NAME_MAX}."
    bad = "".join(dict.fromkeys(c for c in value if c in ATTRIBUTE_NAME_FORBIDDEN))
    if bad:
        return f"must not contain {' '.join(bad)} (none of < > = & \" ' may appear). Remove them."
    return None


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _shorten(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
