"""Connection: choose the local sandbox or Huawei Cloud ModelArts, sign in, and test it."""

import streamlit as st

from client import MODELARTS_ENDPOINTS, ModelArtsError
from components import frame
from components.state_widgets import SECRET_LIVE
from components.text import md_escape
from models.messages import N_
from services import access, datasets, history, i18n
from services.i18n import _, ngettext, render
from services.session_state.connection import (
    ENDPOINT,
    KIND,
    METHOD,
    PROJECT,
    REGION,
    WHERE,
    ConnectionPageState,
    setting,
)
from services.target import (
    Connection,
    build_client,
    configured_settings,
    current_connection,
    target_label,
    use_connection,
)

frame.ensure()  # the app's frame, when this page runs without app.py (components/frame.py)

SECRET_FIELDS = {
    "MODELARTS_TOKEN": N_("Token"),
    "HUAWEICLOUD_SDK_SK": N_("Secret access key (SK)"),
    "HUAWEICLOUD_SDK_SECURITY_TOKEN": N_("Security token (temporary keys only)"),
    "MODELARTS_IAM_PASSWORD": N_("IAM user password"),
}
METHODS = {"token": N_("Token"), "iam_user": N_("IAM user"), "aksk": N_("Access keys (AK/SK)")}
METHOD_FIELDS = {
    "token": ["MODELARTS_TOKEN"],
    "iam_user": ["MODELARTS_IAM_USER", "MODELARTS_IAM_PASSWORD", "MODELARTS_IAM_DOMAIN"],
    "aksk": ["HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_SECURITY_TOKEN"],
}
PLAIN_LABELS = {
    "MODELARTS_IAM_USER": N_("IAM user name"),
    "MODELARTS_IAM_DOMAIN": N_("Account (domain) name"),
    "HUAWEICLOUD_SDK_AK": N_("Access key ID (AK)"),
}


def _state() -> ConnectionPageState:
    return ConnectionPageState(st.session_state)


def _keep_secret(name: str) -> None:
    """Taken in at each keystroke (as the compose form's password), so a Tab onto the box's eye button or a
    click at once finds it."""
    value = _state().typed(name)
    if value:
        _state().secrets[name] = value


def _clear_secret_boxes() -> None:
    """Once the secrets are used (Test, Use): kept in the session's store, no longer in the page."""
    for name in SECRET_FIELDS:
        if _state().typed(name):
            _keep_secret(name)
            _state().clear(name)


def _settings(kind_cloud: bool) -> dict[str, str]:
    if not kind_cloud:
        return {}
    settings: dict[str, str] = {}
    if _state().where == "region":
        settings["MODELARTS_REGION"] = _state().region or ""
    else:
        settings["MODELARTS_ENDPOINT"] = (_state().endpoint or "").strip()
    if (_state().project or "").strip():
        settings["MODELARTS_PROJECT_ID"] = _state().project.strip()
    method = _state().method or "token"
    store = _state().secrets
    for name in METHOD_FIELDS[method]:
        value = store.get(name) if name in SECRET_FIELDS else _state().typed(name).strip()
        if value:
            settings[name] = value
    return {k: v for k, v in settings.items() if v}


identity = access.current()
config = access.settings()
current = current_connection()
configured = configured_settings()
where = config.address or _("every network interface")
if not config.sign_in and config.loopback_only:
    st.info(
        md_escape(
            _(
                "Single-user: no sign-in is configured, so this app listens on {address} only and serves this "
                "computer alone. To open it to a team, configure sign-in ([auth] in .streamlit/secrets.toml, see "
                "the README) and set server.address."
            ).format(address=where)
        ),
        icon=":material/person:",
    )
elif not config.sign_in:
    st.warning(
        md_escape(
            _(
                "No sign-in is configured, yet this app listens on {address}: whoever reaches it uses this "
                "connection as the local user. Configure sign-in ([auth] in .streamlit/secrets.toml, see the "
                "README), or set server.address to 127.0.0.1."
            ).format(address=where)
        ),
        icon=":material/warning:",
    )
st.caption(
    _(
        "Requests go to the target shown at the top of every page. Secrets typed here stay in this browser "
        "session only: they are never saved, logged, or shown again."
    )
)
if configured:
    st.info(_("Settings from the environment or .streamlit/secrets.toml are available."), icon=":material/key:")
choice = st.radio(
    _("Target"),
    ["sandbox", "modelarts"],
    format_func={"sandbox": _("Sandbox (local, no account needed)"), "modelarts": _("Huawei Cloud ModelArts")}.get,
    index=0 if current.kind == "sandbox" else 1,
    key=KIND,
    horizontal=True,
)
cloud = choice == "modelarts"
if cloud:
    st.radio(
        _("Endpoint"),
        ["region", "custom"],
        format_func={"region": _("A Huawei Cloud region"), "custom": _("A custom endpoint (other clouds)")}.get,
        key=WHERE,
        horizontal=True,
        persist_state="session",
    )
    if _state().where == "region":
        regions = sorted(MODELARTS_ENDPOINTS)
        st.selectbox(
            _("Region"),
            regions,
            index=regions.index("cn-north-4") if "cn-north-4" in regions else 0,
            key=REGION,
            persist_state="session",
        )
    elif config.endpoints:
        st.selectbox(
            _("Endpoint"), config.endpoints, key=ENDPOINT, persist_state="session",
            help=_("The custom endpoints this portal's settings allow ([access] endpoints)."),
        )  # fmt: skip
    elif access.may_type_endpoint(identity, config):
        st.text_input(
            _("Endpoint URL"),
            key=ENDPOINT,
            placeholder="https://modelarts.example.com",
            persist_state="session",
            live=True,
        )
    else:
        st.caption(md_escape(access.endpoint_problem("-", identity, config) or ""))
    st.text_input(
        _("Project ID"),
        key=PROJECT,
        persist_state="session",
        live=True,
        help=_("Optional with access keys or an IAM user: it is then looked up for the region."),
    )
    st.radio(
        _("Sign in with"),
        list(METHODS),
        format_func={method: _(name) for method, name in METHODS.items()}.get,
        key=METHOD,
        horizontal=True,
        persist_state="session",
    )
    method = _state().method or "token"
    store = _state().secrets
    for name in METHOD_FIELDS[method]:
        if name in SECRET_FIELDS:
            st.text_input(
                _(SECRET_FIELDS[name]),
                key=setting(name),
                type="password",
                on_change=_keep_secret,
                args=(name,),
                placeholder=_("•••• stored for this session; type to replace") if store.get(name) else None,
                autocomplete="off",
                live=SECRET_LIVE,
            )
        else:
            st.text_input(_(PLAIN_LABELS[name]), key=setting(name), persist_state="session", live=True)

left, right = st.columns(2)
with left:
    test = st.button(_("Test connection"), icon=":material/network_check:", on_click=_clear_secret_boxes)
with right:
    use = st.button(_("Use this connection"), type="primary", icon=":material/check:", on_click=_clear_secret_boxes)

candidate = Connection("modelarts", _settings(True)) if cloud else Connection("sandbox")
custom = candidate.settings.get("MODELARTS_ENDPOINT")
refused = access.endpoint_problem(custom, identity, config) if cloud and custom is not None else None
if (test or use) and refused:
    st.error(md_escape(refused), icon=":material/block:")
elif test or use:
    try:
        client = build_client(candidate)
        listed = client.list_datasets(limit=10, with_labels=False)
    except (ModelArtsError, ValueError) as exc:
        if custom:
            message = access.probe_failure(exc, custom)
        else:
            message = render(exc.message) if isinstance(exc, ModelArtsError) else str(exc)
        st.error(md_escape(message), icon=":material/error:")
    else:
        count = listed.total_number or len(listed.datasets)
        st.success(
            ngettext("Connected: {count} dataset.", "Connected: {count} datasets.", count).format(
                count=i18n.number(count)
            ),
            icon=":material/check:",
        )
        st.dataframe(
            [
                {_("dataset"): d.dataset_name, _("id"): d.dataset_id, _("type"): d.dataset_type}
                for d in listed.datasets
            ],
            hide_index=True,
        )
        if use:
            use_connection(candidate)
            datasets.forget()
            method = METHODS.get(_state().method or "token", "") if cloud else ""
            history.record_event(
                "changed connection", f"to {target_label(candidate)}" + (f" ({method})" if method else "")
            )
            st.rerun()
