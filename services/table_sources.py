"""The user's own table sources as choices for the form: each listed item (a DWS cluster, an MRS cluster, a DLI
queue, database or table, an RDS instance) with the form fields it fills. Lists are kept per session (and
target) once read; a failure is not kept, so the next run tries again."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from client import ModelArtsClient, ModelArtsError
from client.cloud_sources import CloudSources
from models import SourceInfo
from models.messages import N_

from .i18n import _, language, render

CACHE = "_table_source_lists"


@dataclass(frozen=True)
class Choice:
    label: str
    fields: dict[str, str] = field(default_factory=dict)  # source_info field name -> value

    @classmethod
    def filling(cls, label: str, **values: str) -> Choice:
        """A choice filling these SourceInfo fields (checked against the model's names; empty values skipped)."""
        unknown = set(values) - set(SourceInfo.model_fields)
        if unknown:
            raise ValueError(f"not source_info fields: {sorted(unknown)}")
        return cls(label, {name: value for name, value in values.items() if value})


def _dws(sources: CloudSources, _arg: str) -> list[Choice]:
    unknown = _("status unknown")
    return [
        Choice.filling(
            f"{c.name} · {(c.private_ip or ['?'])[0]}:{c.port or 8000} · {c.status or unknown}",
            cluster_id=c.id or "",
            cluster_name=c.name or "",
            ip=(c.private_ip or [""])[0],
            port=str(c.port or 8000),
            user_name=c.user_name or "",
        )
        for c in sources.dws_clusters()
    ]


def _rds(sources: CloudSources, _arg: str) -> list[Choice]:
    choices = []
    for i in sources.rds_instances():
        engine = f"{i.datastore.type} {i.datastore.version or ''}".strip() if i.datastore else _("database")
        ip = (i.private_ips or [""])[0]
        label = f"{i.name} · {engine} · {ip}:{i.port or '?'}"
        choices.append(Choice.filling(label, ip=ip, port=str(i.port or ""), user_name=i.db_user_name or ""))
    return choices


def _mrs(sources: CloudSources, _arg: str) -> list[Choice]:
    security, normal = _("security cluster"), _("normal cluster")
    return [
        Choice.filling(
            f"{c.cluster_name} · {security if c.safe_mode == 1 else normal} · {c.cluster_state or '?'}",
            cluster_id=c.cluster_id or "",
            cluster_name=c.cluster_name or "",
            cluster_mode="1" if c.safe_mode == 1 else "0",
            vpc_id=c.vpc_id or "",
            subnet_id=c.subnet_id or "",
        )
        for c in sources.mrs_clusters()
    ]


def _dli_queues(sources: CloudSources, _arg: str) -> list[Choice]:
    return [
        Choice.filling(
            _("{name} ({type} queue)").format(name=q.queue_name, type=q.queue_type or "sql"),
            queue_name=q.queue_name or "",
        )
        for q in sources.dli_queues()
    ]


def _dli_databases(sources: CloudSources, _arg: str) -> list[Choice]:
    return [Choice.filling(d.database_name or "", database_name=d.database_name or "") for d in sources.dli_databases()]


def _dli_tables(sources: CloudSources, database: str) -> list[Choice]:
    return [Choice.filling(t.table_name or "", table_name=t.table_name or "") for t in sources.dli_tables(database)]


LISTS: dict[str, tuple[str, Callable[[CloudSources, str], list[Choice]]]] = {
    "dws": (N_("GaussDB(DWS) clusters"), _dws),
    "rds": (N_("RDS instances"), _rds),
    "mrs": (N_("MRS clusters"), _mrs),
    "dli_queues": (N_("DLI queues"), _dli_queues),
    "dli_databases": (N_("DLI databases"), _dli_databases),
    "dli_tables": (N_("DLI tables"), _dli_tables),
}


def listed(
    session: MutableMapping[str, Any], client: ModelArtsClient, kind: str, arg: str = ""
) -> tuple[list[Choice], str | None]:
    """(choices, None), or ([], why the list could not be read), in the reader's language."""
    what, load = LISTS[kind]
    cache: dict[tuple[str, ...], list[Choice]] = session.setdefault(CACHE, {})
    key = (client.endpoint, kind, arg, language())  # the labels are in the reader's language
    if key not in cache:
        try:
            cache[key] = load(CloudSources(client), arg)
        except ModelArtsError as exc:
            return [], _("Your {what} could not be listed: {error}").format(what=_(what), error=render(exc.message))
    return cache[key], None


def forget(session: MutableMapping[str, Any]) -> None:
    session.pop(CACHE, None)
