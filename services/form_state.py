"""The compose form's state, keyed by dotted wire paths, and its two-way mapping to a request body.

Widgets edit these keys in `st.session_state`; nothing here imports Streamlit, so the mapping is tested
as plain functions. A field is sent when the user set it (or it came in a loaded body): untouched
defaults stay out, so a loaded body comes back exactly as it was.
"""

from __future__ import annotations

import copy
import hashlib
import json
import marshal
from collections.abc import Mapping, MutableMapping
from typing import Any

from models import ORIGIN_DATA_TYPE, SOURCE_KIND_BY_DATA_TYPE, data_sources
from models.messages import N_
from services.session_state import SessionView, Slot

PRESENT = "_present"  # dotted keys the user set or a loaded body had, for fields whose default is a value
LABEL_DEFS = "_label_defs"  # included label name -> the rest of its Label object
EXCLUDED_DEFS = "_excluded_defs"  # excluded label name -> the rest of its Label object
SCHEMA_MAPS = "_schema_maps"  # list of {"src_name", "dest_name"}
UNNAMED = "_unnamed_labels"  # list name -> labels without a name (by type only), kept as loaded and sent back
SECRETS = "_secrets"  # dotted key -> secret typed by the user; the widget itself is cleared after entry
CUSTOM = "custom"  # separator choice meaning "the character typed in <key>__custom"
CUSTOM_SUFFIX = "__custom"

SOURCE_KEY = "import_origin"
DATASET_ID = "dataset_id"  # the dataset the form imports into: the request's path parameter, not in the body
DATA_TYPE_KEY = "data_source.data_type"
SOURCES: dict[str, str] = {kind: spec.label for kind, spec in data_sources.SOURCES.items()}
SOURCE_INFO = data_sources.SOURCE_INFO
SECRET_KEYS = data_sources.SECRET_FIELDS
CHOICE_KEYS = data_sources.CHOICE_FIELDS  # source fields drawn as a choice; the first is the default (DEFAULTS)
TEXT_KEYS = (
    "import_path",
    "import_folder",
    "data_source.data_path",
    *(key for key in data_sources.TABLE5 if key not in SECRET_KEYS and key not in CHOICE_KEYS),
)
# Fields whose widget always shows a value: sent only when present. Values are the service's defaults.
DEFAULTS: dict[str, Any] = {
    "import_type": "dir",
    "annotation_format": "VOC",
    "import_annotations": True,
    "import_samples": True,
    "final_annotation": True,
    "difficult_only": False,
    "with_column_header": False,
    "data_source.with_column_header": False,
    **{key: data_sources.FIELDS[key].choices[0][0] for key in CHOICE_KEYS},
    "label_format.label_type": "1",
    "label_format.text_label_separator": ",",
    "label_format.text_sample_separator": "\t",
}
SEPARATOR_KEYS = ("label_format.text_label_separator", "label_format.text_sample_separator")
SEPARATOR_NAMES: dict[str, str] = {  # message ids: shown with _()
    "\t": N_("Tab"),
    ",": N_("Comma ,"),
    ";": N_("Semicolon ;"),
    "|": N_("Pipe |"),
    ":": N_("Colon :"),
    "#": N_("Hash #"),
    "/": N_("Slash /"),
    "_": N_("Underscore _"),
    "=": N_("Equals ="),
    CUSTOM: N_("Another character…"),
}
LIST_KEYS = ("included_labels", "excluded_labels", "data_source.schema_maps")
CONTAINERS = ("data_source", "data_source.source_info", "label_format")
# Legacy fields sent only while their switch is on: a choice widget always shows some value.
SWITCHED = {"annotation_format": "_send_annotation_format"}


def empty_state() -> dict[str, Any]:
    """A fresh form: an OBS directory import, with the import type stated so the body says what it does."""
    state: dict[str, Any] = {key: "" for key in (*TEXT_KEYS, *SECRET_KEYS)}
    state.update(DEFAULTS)
    state.update({key + CUSTOM_SUFFIX: "" for key in SEPARATOR_KEYS})
    state.update(
        {
            SOURCE_KEY: "obs",
            "included_labels": [],
            "excluded_labels": [],
            PRESENT: {"import_type"},
            LABEL_DEFS: {},
            EXCLUDED_DEFS: {},
            UNNAMED: {"included_labels": [], "excluded_labels": []},
            SCHEMA_MAPS: [],
            SECRETS: {},
            **{switch: False for switch in SWITCHED.values()},
        }
    )
    return state


class FormState(SessionView):
    """What the form keeps beside its fields (those are keyed by wire path, read with the functions below)."""

    dataset_id: Slot[str | None] = Slot(DATASET_ID, None)
    secrets: Slot[dict[str, str]] = Slot(SECRETS, factory=dict)
    label_defs: Slot[dict[str, dict[str, Any]]] = Slot(LABEL_DEFS, factory=dict)
    unnamed: Slot[dict[str, list[dict[str, Any]]]] = Slot(UNNAMED, factory=dict)
    schema_maps: Slot[list[dict[str, str]]] = Slot(SCHEMA_MAPS, factory=list)


def dataset_id(state: Mapping[str, Any]) -> str | None:
    return state.get(DATASET_ID)


def source_of(state: Mapping[str, Any]) -> str:
    return str(state.get(SOURCE_KEY) or "obs")


def is_relevant(key: str, source: str) -> bool:
    """Whether a field belongs to the chosen source; the others keep their values but are not sent."""
    root = key if key.startswith(SOURCE_INFO) else key.split(".", 1)[0]
    return data_sources.offers_field(source, root)


def secret_value(state: Mapping[str, Any], key: str) -> str:
    return str(state.get(SECRETS, {}).get(key) or state.get(key) or "")


def body_from_state(state: Mapping[str, Any]) -> dict[str, Any]:
    """The request body the form describes (secrets included: mask it before showing).

    Label definitions are shared with the state, not copied: treat the body as read-only.
    """
    source = source_of(state)
    present: set[str] = set(state.get(PRESENT, set()))
    flat: dict[str, Any] = {}

    def put(key: str, value: Any) -> None:
        if is_relevant(key, source):
            flat[key] = value

    for key in TEXT_KEYS:
        if state.get(key):
            put(key, state[key])
    for key in SECRET_KEYS:
        if secret_value(state, key):
            put(key, secret_value(state, key))
    for key in DEFAULTS:
        if key in present or (key in SWITCHED and state.get(SWITCHED[key])):
            value = state.get(key, DEFAULTS[key])
            if key in SEPARATOR_KEYS and value == CUSTOM:
                value = state.get(key + CUSTOM_SUFFIX, "")
            put(key, value)
    if SOURCE_KEY in present and source in ORIGIN_DATA_TYPE:
        flat[SOURCE_KEY] = source
    if DATA_TYPE_KEY in present:
        flat[DATA_TYPE_KEY] = _data_type(source)
    for key, defs_key in (("included_labels", LABEL_DEFS), ("excluded_labels", EXCLUDED_DEFS)):
        names = list(state.get(key) or [])
        unnamed = list((state.get(UNNAMED) or {}).get(key) or [])
        if names or unnamed or key in present:
            defs = state.get(defs_key, {})
            flat[key] = [{"name": name, **defs.get(name, {})} for name in names] + unnamed
    schema_maps = [dict(row) for row in state.get(SCHEMA_MAPS) or []]
    if schema_maps or "data_source.schema_maps" in present:
        flat["data_source.schema_maps"] = schema_maps
    for container in CONTAINERS:
        if container in present and is_relevant(container, source):
            flat.setdefault(container, {})
    return _nest(flat)


def body_key(body: Mapping[str, Any]) -> str:
    """A short key of the body's content, the key of its judgement, preview and draft: the same body gives the
    same key, and any change a new one. A digest of the body's marshal bytes: marshal keeps types apart (True
    is not 1), and its format 2 writes content only (later formats also record which objects are shared, which
    differs between equal bodies). A key rather than the body's JSON: a session holding the key of a body
    with thousands of labels does not hold the body once more, and a rerun does not write that JSON."""
    try:
        content = marshal.dumps(body, 2)
    except ValueError:  # not plain JSON data
        content = json.dumps(body, ensure_ascii=False, default=repr).encode("utf-8", "surrogatepass")
    return hashlib.sha1(content, usedforsecurity=False).hexdigest()


def state_from_body(request_body: Mapping[str, Any]) -> dict[str, Any]:
    """The form that shows `request_body` (a canonical body, as `ImportTaskRequest.to_body()` gives).

    The labels are copied with equal strings made one object (hundreds of labels repeat the same attribute
    names, types and colours): a session holds each such text once. A label that is only a name has no entry
    in the definitions (`body_from_state` reads them with a default)."""
    state = empty_state()
    strings: dict[str, str] = {}
    state[PRESENT] = set()
    flat = _flatten(request_body)
    for key, value in flat.items():
        if key in ("included_labels", "excluded_labels"):
            defs = state[LABEL_DEFS if key == "included_labels" else EXCLUDED_DEFS]
            named = [label for label in value if "name" in label]
            state[key] = [_shared_copy(label["name"], strings) for label in named]
            state[UNNAMED][key] = [_shared_copy(label, strings) for label in value if "name" not in label]
            for label in named:
                rest = {k: _shared_copy(v, strings) for k, v in label.items() if k != "name"}
                if rest:
                    defs[label["name"]] = rest
                else:  # a label that is only its name keeps no definition (thousands of empty dicts otherwise)
                    defs.pop(label["name"], None)
            state[PRESENT].add(key)
        elif key == "data_source.schema_maps":
            state[SCHEMA_MAPS] = [dict(row) for row in value]
            state[PRESENT].add(key)
        elif key in SECRET_KEYS:
            state[SECRETS][key] = value
        elif key in SEPARATOR_KEYS:
            named = value in SEPARATOR_NAMES and value != CUSTOM
            state[key] = value if named else CUSTOM
            state[key + CUSTOM_SUFFIX] = "" if named else value
            state[PRESENT].add(key)
        elif key == SOURCE_KEY:
            state[SOURCE_KEY] = value
            state[PRESENT].add(key)
        elif key == DATA_TYPE_KEY:
            state[PRESENT].add(key)
            if SOURCE_KEY not in flat:
                state[SOURCE_KEY] = SOURCE_KIND_BY_DATA_TYPE.get(value, "obs")
        elif key in CONTAINERS:
            state[PRESENT].add(key)
        else:
            state[key] = value
            if key in SWITCHED:
                state[SWITCHED[key]] = True
            elif key in DEFAULTS:
                state[PRESENT].add(key)
    return state


def load_into(session: MutableMapping[str, Any], request_body: Mapping[str, Any]) -> None:
    """Replace the whole form with `request_body`; call before the widgets are drawn (in a callback)."""
    fresh = state_from_body(request_body)
    for key in [k for k in session if _is_form_key(k)]:
        if key not in fresh:
            del session[key]
    session.update(fresh)


def ensure_defaults(session: MutableMapping[str, Any]) -> None:
    if PRESENT in session and SECRETS in session:
        return
    for key, value in empty_state().items():
        if key not in session:
            session[key] = value


def mark_present(session: MutableMapping[str, Any], *keys: str) -> None:
    session[PRESENT] = set(session.get(PRESENT, set())) | set(keys)


def choose_source(session: MutableMapping[str, Any]) -> None:
    """After the source picker changed: say the source in both places the service reads it."""
    source = source_of(session)
    present = set(session.get(PRESENT, set()))
    if source == "obs":
        present -= {SOURCE_KEY, DATA_TYPE_KEY}
    else:
        present |= {DATA_TYPE_KEY} | ({SOURCE_KEY} if source in ORIGIN_DATA_TYPE else set())
    session[PRESENT] = present


def _shared_copy(value: Any, strings: dict[str, str]) -> Any:
    """A deep copy of JSON data whose strings are the ones already in `strings` where equal (strings cannot
    change, so sharing them is safe; dicts and lists are new, as the form edits them in place)."""
    if isinstance(value, str):
        return strings.setdefault(value, value)
    if isinstance(value, dict):
        return {_shared_copy(k, strings): _shared_copy(v, strings) for k, v in value.items()}
    if isinstance(value, list):
        return [_shared_copy(item, strings) for item in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return copy.deepcopy(value)


def _data_type(source: str) -> int:
    for data_type, kind in SOURCE_KIND_BY_DATA_TYPE.items():
        if kind == source:
            return data_type
    return 0


def _is_form_key(key: str) -> bool:
    return key in empty_state() or key.startswith(("data_source.", "label_format."))


def _flatten(body: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in body.items():
        dotted = prefix + key
        if isinstance(value, dict) and dotted in CONTAINERS:
            flat[dotted] = {}
            flat.update(_flatten(value, dotted + "."))
        else:
            flat[dotted] = value
    return flat


def _nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for dotted in sorted(flat, key=lambda k: k.count(".")):
        *parents, leaf = dotted.split(".")
        node = body
        for part in parents:
            node = node.setdefault(part, {})
        if isinstance(flat[dotted], dict) and not flat[dotted]:
            node.setdefault(leaf, {})
        else:
            node[leaf] = flat[dotted]
    return body
