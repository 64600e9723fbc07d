"""Templates: requests kept under a name; load, rename, delete; export and import as JSON files."""

import streamlit as st

from components import frame
from components.draft_bar import fill_form
from components.text import md_escape
from components.times import clock
from services import access, i18n
from services.database import StoreError, StoreUnavailable, portal_store, unreachable
from services.drafts import draft_query
from services.i18n import _, ngettext, render
from services.session_state.templates import (
    DELETE,
    DELETE_NO,
    DELETE_YES,
    EXPORT_ALL,
    EXPORT_ONE,
    IMPORT_FILE,
    IMPORT_PASTED,
    LOAD,
    NEW_NAME,
    PASTED,
    PICK,
    RENAME,
    UPLOAD,
    TemplatesPageState,
    shared_toggle,
)

frame.ensure()  # the app's frame, when this page runs without app.py (components/frame.py)

identity = access.current()
who = {"visible_to": identity.owner, "admin": identity.is_admin}  # what this person sees
acting = {"by": identity.owner, "admin": identity.is_admin}  # what this person may change

try:
    store = portal_store()
except StoreUnavailable:
    st.error(unreachable("The templates"))
    st.stop()


def _state() -> TemplatesPageState:
    return TemplatesPageState(st.session_state)


def _say(kind: str, text: str) -> None:
    _state().message = (kind, text)


def _load(name: str) -> None:
    template = store.template(name, **who)
    if template is None:
        _say("error", _('There is no template named "{name}" any more.').format(name=name))
        return
    fill_form(template.body, _('The form now holds template "{name}".').format(name=template.name))
    _state().goto_compose = True


def _rename(name: str) -> None:
    try:
        renamed = store.rename_template(name, _state().new_name or "", **acting)
    except StoreError as exc:
        _say("error", render(exc.message))
        return
    _state().pick = renamed.name
    _state().new_name = ""
    _say("success", _('Renamed to "{name}".').format(name=renamed.name))


def _delete(name: str, confirmed: bool) -> None:
    if not confirmed:
        _state().deleting = name
        return
    _state().cancel_delete()
    try:
        store.delete_template(name, **acting)
    except StoreError as exc:
        _say("error", render(exc.message))
        return
    _state().pick = None
    _say("success", _('Deleted template "{name}".').format(name=name))


def _import(data: bytes | str | None) -> None:
    if not data:
        _say("error", _("Choose a file or paste the JSON first."))
        return
    try:
        result = store.import_templates(data, by=identity.owner)
    except StoreError as exc:
        _say("error", render(exc.message))
        return
    text = ngettext("Imported {count} template: {names}.", "Imported {count} templates: {names}.", len(result.added))
    text = text.format(count=i18n.number(len(result.added)), names=", ".join(result.added))
    if result.renamed:
        renamed = ", ".join(f"{a} → {b}" for a, b in result.renamed.items())
        text += " " + _("Names already taken got a number: {renamed}").format(renamed=renamed)
    _state().pasted = ""
    _say("success", text)


def _share(name: str) -> None:
    shared = _state().shared(name)
    try:
        store.share_template(name, shared, **acting)
    except StoreError as exc:
        _say("error", render(exc.message))
        return
    if shared:
        _say("success", _('"{name}" is now shared with the team.').format(name=name))
    else:
        _say("success", _('"{name}" is now yours only (and the admins\').').format(name=name))


def _import_upload() -> None:
    upload = _state().upload
    _import(upload.getvalue() if upload is not None else None)


def _import_pasted() -> None:
    _import(_state().pasted)


if _state().take_goto_compose():
    st.switch_page("pages/compose.py", query_params=draft_query())

try:
    templates = store.templates(**who)
except StoreUnavailable:
    st.error(unreachable("The templates"))
    st.stop()

message = _state().take_message()
if message:
    (st.success if message[0] == "success" else st.error)(md_escape(i18n.render(message[1])))

if not templates:
    st.info(_('No template yet. On the Compose page, open "Templates" and save the form under a name.'))
else:
    by_name = {t.name: t for t in templates}
    if _state().pick not in by_name:
        _state().pick = templates[0].name
    name = st.selectbox(_("Template"), list(by_name), key=PICK)
    chosen = by_name[name]
    mine = identity.is_admin or (chosen.owner is not None and chosen.owner == identity.owner)
    not_mine = None if mine else _("Only its owner or an admin changes it.")
    with st.container(border=True):
        if chosen.owner == identity.owner:
            owner = _("you")
        else:
            owner = md_escape(chosen.owner) if chosen.owner else _("the team (from before owners)")
        sharing = _("shared with the team") if chosen.shared else _("not shared")
        st.caption(
            _("Saved {time} · owner: {owner} · {sharing} · no passwords are kept in templates.").format(
                time=clock(chosen.updated_at), owner=owner, sharing=sharing
            )
        )
        st.json(chosen.body, expanded=True)
        if identity.signed_in:
            st.toggle(
                _("Shared with the team"), value=chosen.shared, key=shared_toggle(name), on_change=_share,
                args=(name,), disabled=not mine,
                help=not_mine or _("Others may load it; only you or an admin change it."),
            )  # fmt: skip
        load, rename, delete = st.columns(3, vertical_alignment="bottom")
        with load:
            st.button(
                _("Load into the form"), key=LOAD, type="primary", icon=":material/input:",
                on_click=_load, args=(name,), width="stretch",
            )  # fmt: skip
        with rename:
            st.text_input(_("New name"), key=NEW_NAME, placeholder=name, disabled=not mine)
            st.button(
                _("Rename"), key=RENAME, on_click=_rename, args=(name,), width="stretch", disabled=not mine,
                help=not_mine,
            )  # fmt: skip
        with delete:
            if _state().deleting == name:
                st.warning(md_escape(_('Delete "{name}"?').format(name=name)))
                st.button(
                    _("Yes, delete"), key=DELETE_YES, type="primary", on_click=_delete,
                    args=(name, True), width="stretch",
                )  # fmt: skip
                st.button(_("Keep it"), key=DELETE_NO, on_click=_state().cancel_delete)
            else:
                st.button(
                    _("Delete"), key=DELETE, icon=":material/delete:", on_click=_delete,
                    args=(name, False), width="stretch", disabled=not mine, help=not_mine,
                )  # fmt: skip
    left, right = st.columns(2)
    with left:
        st.download_button(
            _("Export this template"), store.export_templates([name], **who), file_name=f"{name}.json",
            mime="application/json", icon=":material/download:", key=EXPORT_ONE,
        )  # fmt: skip
    with right:
        st.download_button(
            _("Export all {count}").format(count=i18n.number(len(templates))), store.export_templates(**who),
            file_name="import-templates.json", mime="application/json", icon=":material/download:", key=EXPORT_ALL,
        )  # fmt: skip

with st.expander(_("Import templates"), expanded=not templates):
    st.file_uploader(_("A templates file (.json)"), type=["json"], key=UPLOAD)
    st.button(_("Import the file"), key=IMPORT_FILE, on_click=_import_upload, icon=":material/upload:")
    st.text_area(
        _("Or paste its JSON"), key=PASTED, height=150,
        placeholder='{"templates": [{"name": "cats and dogs", "body": {"import_path": "s3://bucket/dir/"}}]}',
    )  # fmt: skip
    st.button(_("Import the pasted JSON"), key=IMPORT_PASTED, on_click=_import_pasted)
    st.caption(
        _(
            "A name that is taken already gets a number. Passwords in an imported file are dropped. Imported "
            "templates are yours, not shared."
        )
    )
