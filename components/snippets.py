"""The request as code to copy: a bash script around curl, and Python with requests. Exact and safe for any value.

Every value the form holds is data in the snippet, never code: the curl body is one single-quoted shell word
(`shlex.quote`) and the Python body a literal made by `repr`. Secrets are read from environment variables
when the snippet runs, and put into the body as JSON strings (escaped by the snippet itself, so a password
with `"` or `\\` stays one string). The curl snippet sends the body exactly as the JSON view shows it; the
Python snippet sends the very bytes the app's client sends (compact UTF-8 JSON).

How it authenticates follows the connection: an IAM token (`X-Auth-Token`), or, with access keys, an
SDK-HMAC-SHA256 signature made when it runs (the rules of client/signer.py; curl signs with openssl).
"""

from __future__ import annotations

import json
import pprint
import shlex
import uuid
from typing import Any
from urllib.parse import urlsplit

from client.signer import ALGORITHM, canonical_uri
from models import SECRET_FIELDS
from models.data_sources import FIELDS
from services.target import SANDBOX_TOKEN

# Each secret of the source registry is read from its environment variable.
SECRET_PLACEHOLDERS = {FIELDS[key].path: FIELDS[key].env for key in SECRET_FIELDS}
TOKEN_ENV = "MODELARTS_TOKEN"

IAM_ENV = ("MODELARTS_IAM_USER", "MODELARTS_IAM_PASSWORD", "MODELARTS_IAM_DOMAIN")
AK_ENV, SK_ENV, SECURITY_TOKEN_ENV = "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_SECURITY_TOKEN"
# Shown in the URL while no dataset is chosen: plain words, nothing a shell or curl would expand or glob.
NO_PROJECT, NO_DATASET = "PROJECT_ID", "DATASET_ID"

# A bash function that writes its argument as a JSON string, escaped as Python's json module does: backslash,
# quote, \b \t \n \f \r, and every other control character as \u00XX (bash variables cannot hold NUL).
_BASH_JSON_STRING = r"""json_string() {
  local text=$1 code char escaped
  text=${text//\\/\\\\}
  text=${text//\"/\\\"}
  text=${text//$'\b'/\\b}
  text=${text//$'\t'/\\t}
  text=${text//$'\n'/\\n}
  text=${text//$'\f'/\\f}
  text=${text//$'\r'/\\r}
  for ((code = 1; code < 32; code++)); do
    printf -v char "\\$(printf '%03o' "$code")"
    printf -v escaped '\\u%04x' "$code"
    text=${text//"$char"/"$escaped"}
  done
  printf '"%s"' "$text"
}
"""


def _with_placeholders(body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """A copy of `body` with each secret replaced by a marker; marker -> environment variable."""
    copy = json.loads(json.dumps(body))
    used: dict[str, str] = {}
    for path, variable in SECRET_PLACEHOLDERS.items():
        node = copy
        for part in path[:-1]:
            node = node.get(part) if isinstance(node, dict) else None
            if node is None:
                break
        if isinstance(node, dict) and path[-1] in node:
            marker = f"secret-{uuid.uuid4().hex}"  # no form value can be it
            node[path[-1]] = marker
            used[marker] = variable
    return copy, used


def request_url(endpoint: str, project_id: str, dataset_id: str) -> str:
    return f"{endpoint.rstrip('/')}/v2/{project_id}/datasets/{dataset_id}/import-tasks"


def body_text(body: dict[str, Any]) -> str:
    """The body as the JSON view shows it, and as the curl snippet sends it."""
    return json.dumps(body, indent=2, ensure_ascii=False)


def as_curl(
    url: str,
    body: dict[str, Any],
    auth: str = "token",
    project_id: str | None = None,
    iam_endpoint: str | None = None,
) -> str:
    """A bash script that POSTs `body` to `url` with curl. `auth`: the connection's kind: "token" sends
    MODELARTS_TOKEN, "sandbox" any token; "iam_user" first asks IAM (`iam_endpoint`) for a token with
    MODELARTS_IAM_USER, _PASSWORD and _DOMAIN; "aksk" signs with HUAWEICLOUD_SDK_AK/SK (and the security
    token when set)."""
    data, used = _with_placeholders(body)
    lines: list[str] = []
    if used:
        lines.append("# Secrets come from the environment: " + ", ".join(sorted(set(used.values()))) + ".")
    iam = None
    if auth == "iam_user" and iam_endpoint:
        iam, iam_used = _iam_token_body(project_id)
        used = {**used, **iam_used}
        lines.append(f"# A token is asked of IAM for your user: export {', '.join(IAM_ENV)}.")
    if used:
        lines.append(_BASH_JSON_STRING)
    lines.append(f"body={_bash_word(body_text(data), used)}")
    lines.append(f"url={shlex.quote(url)}")
    headers = ["-H 'Content-Type: application/json'"]
    if auth == "aksk":
        lines.extend(_bash_signature(url, project_id))
        host = shlex.quote(f"Host: {urlsplit(url).netloc}")
        headers += [f"-H {host}"]
        if project_id:
            headers.append(f"-H {shlex.quote(f'X-Project-Id: {project_id}')}")
        headers += ['-H "X-Sdk-Date: $sdk_date"', '"${security_token[@]}"', '-H "Authorization: $authorization"']
    elif iam is not None:
        lines += [
            f"iam_body={_bash_word(json.dumps(iam, ensure_ascii=False), used)}",
            "token=$(curl --globoff -sS -D - -o /dev/null -X POST "
            + shlex.quote(f"{iam_endpoint.rstrip('/')}/v3/auth/tokens")  # type: ignore[union-attr]
            + " -H 'Content-Type: application/json' --data-binary \"$iam_body\""
            + " | awk 'tolower($1) == \"x-subject-token:\" {print $2}' | tr -d '\\r')",
            '[ -n "$token" ] || { echo "IAM gave no token: check ' + ", ".join(IAM_ENV) + '" >&2; exit 1; }',
        ]
        headers.append('-H "X-Auth-Token: $token"')
    elif auth == "sandbox":
        headers.append(f"-H {shlex.quote(f'X-Auth-Token: {SANDBOX_TOKEN}')}")  # the sandbox takes any token
    else:
        headers.append(f'-H "X-Auth-Token: ${{{TOKEN_ENV}?export {TOKEN_ENV} first}}"')
    arguments = ['"$url"', *headers, '--data-binary "$body"']
    lines.append("curl --globoff -sS -X POST " + " \\\n  ".join(arguments))
    # One subshell that stops at the first failure (a secret not exported): pasted into a terminal, the lines
    # after a failed one would otherwise still run.
    comments = [line for line in lines if line.startswith("#")]
    code = [line for line in lines if not line.startswith("#")]
    return "\n".join([*comments, "(", "set -eo pipefail", *code, ")"])


def _bash_word(text: str, used: dict[str, str]) -> str:
    """`text` as one shell word, each marker (a JSON string) replaced by its variable written as JSON."""
    word = shlex.quote(text)
    for marker, variable in used.items():
        # Close the quoted text, splice the variable in as a JSON string, reopen.
        spliced = f"'\"$(json_string \"${{{variable}?export {variable} first}}\")\"'"
        word = word.replace(f'"{marker}"', spliced)
    return word


def _iam_token_body(project_id: str | None) -> tuple[dict[str, Any], dict[str, str]]:
    """IAM's password sign-in body (POST /v3/auth/tokens) with markers for the user's settings."""
    markers = {f"secret-{uuid.uuid4().hex}": name for name in IAM_ENV}
    user, password, domain = markers
    body = {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {"user": {"name": user, "password": password, "domain": {"name": domain}}},
            },
            "scope": {"project": {"id": project_id or NO_PROJECT}},
        }
    }
    return body, markers


def _bash_signature(url: str, project_id: str | None) -> list[str]:
    """Bash lines that set sdk_date, security_token (curl arguments) and authorization for `body`."""
    headers = [("content-type", "application/json"), ("host", urlsplit(url).netloc)]
    if project_id:
        headers.append(("x-project-id", project_id))
    fixed = "".join(f"{name}:{value}\n" for name, value in headers)
    names = ";".join(name for name, _ in headers)
    return [
        f"# Signed with your access keys ({ALGORITHM}): export {AK_ENV} and {SK_ENV}"
        f" (and {SECURITY_TOKEN_ENV} for a temporary key).",
        "sdk_date=$(date -u +%Y%m%dT%H%M%SZ)",
        f"signed_headers={shlex.quote(names + ';x-sdk-date')}",
        f"canonical_headers={shlex.quote(fixed)}\"x-sdk-date:$sdk_date\"",
        "security_token=()",
        f'if [ -n "${{{SECURITY_TOKEN_ENV}:-}}" ]; then',
        '  signed_headers="$signed_headers;x-security-token"',
        f"  canonical_headers=\"$canonical_headers\"$'\\n'\"x-security-token:${SECURITY_TOKEN_ENV}\"",
        f'  security_token=(-H "X-Security-Token: ${SECURITY_TOKEN_ENV}")',
        "fi",
        "sha256() { openssl dgst -sha256 | awk '{print $NF}'; }",
        "canonical=$(printf 'POST\\n%s\\n\\n%s\\n\\n%s\\n%s' "
        + shlex.quote(canonical_uri(urlsplit(url).path))
        + ' "$canonical_headers" "$signed_headers" "$(printf \'%s\' "$body" | sha256)")',
        f"to_sign=$(printf '{ALGORITHM}\\n%s\\n%s' \"$sdk_date\" \"$(printf '%s' \"$canonical\" | sha256)\")",
        f"signature=$(printf '%s' \"$to_sign\" | openssl dgst -sha256 -hmac \"${{{SK_ENV}?export {SK_ENV} first}}\""
        " | awk '{print $NF}')",
        f'authorization="{ALGORITHM} Access=${{{AK_ENV}?export {AK_ENV} first}}, '
        'SignedHeaders=$signed_headers, Signature=$signature"',
    ]


def as_python(
    url: str,
    body: dict[str, Any],
    auth: str = "token",
    project_id: str | None = None,
    iam_endpoint: str | None = None,
) -> str:
    """Python (requests) that POSTs the same bytes as the app's client; `auth` as for `as_curl`."""
    data, used = _with_placeholders(body)
    literal = pprint.pformat(data, sort_dicts=False, width=100)
    for marker, variable in used.items():
        literal = literal.replace(repr(marker), f"os.environ[{variable!r}]")
    imports = ["import json", "import os"]
    if auth == "aksk":
        imports = ["import hashlib", "import hmac", *imports, "from datetime import datetime, timezone"]
    out = "\n".join(imports) + "\n\nimport requests\n\n"
    out += f"url = {url!r}\nbody = {literal}\n"
    out += "# The exact bytes the Import Composer sends: compact UTF-8 JSON.\n"
    out += 'data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()\n'
    out += 'headers = {"Content-Type": "application/json"}\n'
    if auth == "aksk":
        out += _python_signature(url, project_id)
    elif auth == "iam_user" and iam_endpoint:
        iam, markers = _iam_token_body(project_id)
        iam_literal = pprint.pformat(iam, sort_dicts=False, width=100)
        for marker, variable in markers.items():
            iam_literal = iam_literal.replace(repr(marker), f"os.environ[{variable!r}]")
        out += f"# A token is asked of IAM for your user: {', '.join(IAM_ENV)}.\n"
        out += f"iam_body = {iam_literal}\n"
        iam_url = iam_endpoint.rstrip("/") + "/v3/auth/tokens"
        out += f"iam = requests.post({iam_url!r}, json=iam_body, timeout=(5, 30))\n"
        out += "iam.raise_for_status()\n"
        out += 'headers["X-Auth-Token"] = iam.headers["X-Subject-Token"]\n'
    elif auth == "sandbox":
        out += f'headers["X-Auth-Token"] = {SANDBOX_TOKEN!r}  # the sandbox takes any token\n'
    else:
        out += f'headers["X-Auth-Token"] = os.environ[{TOKEN_ENV!r}]\n'
    out += (
        "response = requests.post(url, data=data, headers=headers, timeout=(5, 30))\n"
        "response.raise_for_status()\n"
        'print(response.json()["task_id"])\n'
    )
    return out


def _python_signature(url: str, project_id: str | None) -> str:
    fixed = {"Host": urlsplit(url).netloc}
    if project_id:
        fixed["X-Project-Id"] = project_id
    return (
        f"# Signed with your access keys ({ALGORITHM}): {AK_ENV}, {SK_ENV}"
        f" (and {SECURITY_TOKEN_ENV} for a temporary key).\n"
        f"headers.update({fixed!r})\n"
        'headers["X-Sdk-Date"] = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")\n'
        f"if os.environ.get({SECURITY_TOKEN_ENV!r}):\n"
        f'    headers["X-Security-Token"] = os.environ[{SECURITY_TOKEN_ENV!r}]\n'
        "signed = sorted(name.lower() for name in headers)\n"
        "values = {name.lower(): value.strip() for name, value in headers.items()}\n"
        "canonical = \"\\n\".join([\n"
        f'    "POST", {canonical_uri(urlsplit(url).path)!r}, "",\n'
        '    "".join(f"{name}:{values[name]}\\n" for name in signed), ";".join(signed),\n'
        "    hashlib.sha256(data).hexdigest(),\n"
        "])\n"
        f'to_sign = "{ALGORITHM}\\n" + headers["X-Sdk-Date"] + "\\n" + hashlib.sha256(canonical.encode()).hexdigest()\n'
        f"signature = hmac.new(os.environ[{SK_ENV!r}].encode(), to_sign.encode(), hashlib.sha256).hexdigest()\n"
        'headers["Authorization"] = (\n'
        f'    f"{ALGORITHM} Access={{os.environ[{AK_ENV!r}]}}, "\n'
        "    f\"SignedHeaders={';'.join(signed)}, Signature={signature}\"\n"
        ")\n"
    )
