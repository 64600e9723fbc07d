"""The request as code to copy: curl and Python requests, secrets replaced by environment variables."""

import json
import pprint
import shlex
from typing import Any

from models import SECRET_FIELDS
from models.data_sources import FIELDS

# Each secret of the source registry is read from its environment variable.
SECRET_PLACEHOLDERS = {FIELDS[key].path: FIELDS[key].env for key in SECRET_FIELDS}
ENV_MARK = "__ENV__"


def _with_placeholders(body: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    copy = json.loads(json.dumps(body))
    used: list[str] = []
    for path, variable in SECRET_PLACEHOLDERS.items():
        node = copy
        for part in path[:-1]:
            node = node.get(part) if isinstance(node, dict) else None
            if node is None:
                break
        if isinstance(node, dict) and path[-1] in node:
            node[path[-1]] = f"{ENV_MARK}{variable}"
            used.append(variable)
    return copy, used


def request_url(endpoint: str, project_id: str, dataset_id: str) -> str:
    return f"{endpoint.rstrip('/')}/v2/{project_id}/datasets/{dataset_id}/import-tasks"


def as_curl(url: str, body: dict[str, Any]) -> str:
    data, used = _with_placeholders(body)
    text = json.dumps(data, indent=2, ensure_ascii=False)
    for variable in used:
        # close the single-quoted body, splice the variable in double quotes, reopen
        text = text.replace(f'"{ENV_MARK}{variable}"', f'"\'"${{{variable}}}"\'"')
    return (
        f"curl -X POST {shlex.quote(url)} \\\n"
        '  -H "Content-Type: application/json" \\\n'
        '  -H "X-Auth-Token: ${MODELARTS_TOKEN}" \\\n'
        f"  -d '{text}'"
    )


def as_python(url: str, body: dict[str, Any]) -> str:
    data, used = _with_placeholders(body)
    literal = pprint.pformat(data, indent=4, sort_dicts=False, width=100)
    for variable in used:
        literal = literal.replace(repr(f"{ENV_MARK}{variable}"), f'os.environ["{variable}"]')
    return (
        "import os\n\nimport requests\n\n"
        f"body = {literal}\n"
        "response = requests.post(\n"
        f"    {url!r},\n"
        "    json=body,\n"
        '    headers={"X-Auth-Token": os.environ["MODELARTS_TOKEN"]},\n'
        "    timeout=(5, 30),\n"
        ")\n"
        "response.raise_for_status()\n"
        'print(response.json()["task_id"])\n'
    )
