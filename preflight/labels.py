"""The source's labels against the dataset's: matches, new ones, missing ones, near-duplicates, and fixes.

Which fix, and why:
- A label differing from one of the dataset's only in case or surrounding spaces ("Cat" / "cat") gets a
  rename-to: included as is it would become a second label for the same class; "@modelarts:rename_to"
  imports its samples under the dataset's spelling. The same holds between two spellings in the source
  when the dataset has neither: the rarer one is renamed to the more common one.
- A genuinely new label that included_labels leaves out gets "add to included_labels": its samples are
  skipped otherwise, and a rename would be wrong (it matches nothing). With no included_labels the label
  is imported and added to the dataset, so nothing needs to change.
- A rename-to lives on an included label, and any included label turns included_labels into a filter.
  With no filter before, the rename fix therefore also includes every other label found (except excluded
  ones), so labelled samples stay; unlabeled samples are then dropped, which the fix's effect shows.
- Labels missing from the source, or filters naming no label of the source, have no fix in the request:
  they are reported so the user can see nothing will be imported for them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from models.messages import N_, Message, sentences

from .report import RENAME_TO, LabelFix, LabelRow


def norm(name: str) -> str:
    return name.strip().casefold()


def reconcile(
    found: Mapping[str, int],
    kept: Mapping[str, int],
    dataset_labels: Sequence[str],
    body: Mapping[str, Any],
    *,
    annotations_imported: bool = True,
) -> list[LabelRow]:
    """One row per label seen in the source, the dataset, or the request's filters, with a fix where one helps."""
    included = [str(label.get("name")) for label in body.get("included_labels") or []]
    excluded = {str(label.get("name")) for label in body.get("excluded_labels") or []}
    renames = {
        str(label.get("name")): (label.get("property") or {}).get(RENAME_TO)
        for label in body.get("included_labels") or []
        if (label.get("property") or {}).get(RENAME_TO)
    }
    in_dataset = set(dataset_labels)
    names = list(dict.fromkeys([
        *sorted(found, key=lambda n: (-found[n], n)), *dataset_labels, *included, *sorted(excluded),
    ]))
    context = _Context(found, in_dataset, included, excluded, renames, annotations_imported)
    rows = []
    for name in names:
        row = LabelRow(name, found.get(name, 0), kept.get(name, 0), name in in_dataset, "", "")
        if row.in_source:
            _found_label(row, context)
        elif row.in_dataset:
            _missing_label(row, context)
        else:
            _filter_only_label(row, context)
        rows.append(row)
    return rows


class _Context:
    def __init__(self, found: Mapping[str, int], in_dataset: set[str], included: list[str], excluded: set[str],
                 renames: dict[str, str], annotations_imported: bool) -> None:
        self.found = found
        self.in_dataset = in_dataset
        self.included = included
        self.excluded = excluded
        self.renames = renames
        self.annotations_imported = annotations_imported

    def twins(self, name: str, among: Any) -> list[str]:
        """Other names equal to `name` but for case and surrounding spaces."""
        key = norm(name)
        return sorted(other for other in among if other != name and norm(other) == key)

    def canonical(self, name: str) -> str:
        """Of the source's spellings of one label, the one the others should be renamed to."""
        spellings = [name, *self.twins(name, [n for n in self.found if n not in self.in_dataset])]
        return min(spellings, key=lambda n: (-self.found.get(n, 0), n != n.strip(), n))


def _found_label(row: LabelRow, ctx: _Context) -> None:
    name = row.name
    target = ctx.renames.get(name)
    if target:
        row.status = "renamed"
        row.similar_to = target
        row.note = Message(
            N_("imported as {target} (its rename-to), an existing label.") if target in ctx.in_dataset
            else N_("imported as {target} (its rename-to), a new label of the dataset."),
            {"target": repr(target)},
        )  # fmt: skip
        return
    if row.in_dataset:
        row.status = "matches"
        row.note = _kept_note(row, ctx)
        return
    dataset_twins = ctx.twins(name, ctx.in_dataset)
    canonical = dataset_twins[0] if dataset_twins else ctx.canonical(name)
    if canonical != name:
        row.status = "near_duplicate"
        row.similar_to = canonical
        row.note = Message(
            N_("differs from the dataset's label {canonical} only in case or surrounding spaces.") if dataset_twins
            else N_("differs from the source's more common spelling {canonical} only in case or surrounding spaces."),
            {"canonical": repr(canonical)},
        )  # fmt: skip
        if ctx.annotations_imported and name not in ctx.excluded:
            row.fix = _rename_fix(row, canonical, bool(dataset_twins), ctx)
        return
    row.status = "new"
    if name in ctx.excluded:
        row.note = Message(N_("not in the dataset; excluded by excluded_labels."))
    elif ctx.included and name not in ctx.included:
        row.note = Message(
            N_("not in the dataset, and included_labels leaves it out: its {count} sample(s) are skipped unless they "
               "carry an included label."),
            {"count": row.in_source},
        )  # fmt: skip
        row.fix = LabelFix(
            "include", name, Message(N_("Include {name}"), {"name": repr(name)}),
            Message(
                N_("{name} is a label of its own (it matches none of the dataset's labels, so a rename-to would be "
                   "wrong). Adding it to included_labels keeps its samples and adds it to the dataset."),
                {"name": repr(name)},
            ),
            add=(name,),
        )  # fmt: skip
    else:
        row.note = Message(N_("not in the dataset yet: the import adds it as a new label."))


def _rename_fix(row: LabelRow, canonical: str, the_datasets: bool, ctx: _Context) -> LabelFix:
    name = row.name
    add: list[str] = []
    if not ctx.included:
        # The rename needs an included label, which makes included_labels a filter: keep every other label.
        add = [n for n in sorted(ctx.found, key=lambda n: (-ctx.found[n], n)) if n not in ctx.excluded]
    add = [n for n in dict.fromkeys([*add, name])]
    why = Message(
        N_("{name} and the dataset's label {canonical} are one class spelled two ways: imported as is, the dataset "
           "would get a second label. A rename-to imports its {count} sample(s) as {canonical}; including it alone "
           "would keep the second label.") if the_datasets
        else N_("{name} and the source's more common spelling {canonical} are one class spelled two ways: imported as "
                "is, the dataset would get a second label. A rename-to imports its {count} sample(s) as {canonical}; "
                "including it alone would keep the second label."),
        {"name": repr(name), "canonical": repr(canonical), "count": row.in_source},
    )  # fmt: skip
    if not ctx.included:
        why = sentences((why, Message(N_("A rename-to needs an included label, which makes included_labels a filter, "
                                         "so every label found is included too."))))  # fmt: skip
    title = Message(N_("Rename {name} to {canonical}"), {"name": repr(name), "canonical": repr(canonical)})
    return LabelFix("rename", name, title, why, add=tuple(add), rename_to=canonical)


def _kept_note(row: LabelRow, ctx: _Context) -> Message:
    if row.name in ctx.excluded:
        return Message(N_("in the dataset; excluded by excluded_labels."))
    if row.kept < row.in_source:
        skipped = row.in_source - row.kept
        return Message(
            N_("in the dataset; {skipped} of its {count} sample(s) are skipped by the filters."),
            {"skipped": skipped, "count": row.in_source},
        )
    return Message(N_("in the dataset."))


def _missing_label(row: LabelRow, ctx: _Context) -> None:
    twins = ctx.twins(row.name, ctx.found)
    row.status = "missing"
    if twins:
        row.similar_to = twins[0]
        row.note = Message(
            N_("no sample carries it under this spelling; the source has {spelled} (see that row)."),
            {"spelled": repr(twins[0])},
        )
    else:
        row.note = Message(
            N_("no sample of this source carries it; nothing to change in the request, unless the source should have "
               "it.")
        )  # fmt: skip


def _filter_only_label(row: LabelRow, ctx: _Context) -> None:
    name = row.name
    twins = ctx.twins(name, ctx.found)
    row.status = "not_in_source"
    which = "included_labels" if name in ctx.included else "excluded_labels"
    if name in ctx.included and twins:
        spelled = twins[0]
        row.similar_to = spelled
        names = {"name": repr(name), "spelled": repr(spelled)}
        row.note = Message(N_("in included_labels, but the source spells it {spelled}: it keeps no sample."), names)
        row.fix = LabelFix(
            "include", name, Message(N_("Include {spelled} instead of {name}"), names),
            Message(
                N_("the filter must name the label as the source spells it; {spelled} keeps its {count} sample(s). "
                   "(A rename-to on {name} would rename nothing: no sample has it.)"),
                {**names, "count": ctx.found[spelled]},
            ),
            add=(spelled,), remove=(name,),
        )  # fmt: skip
    elif twins:
        row.similar_to = twins[0]
        row.note = Message(N_("in {which}, but the source spells it {spelled}: it matches no sample."),
                           {"which": which, "spelled": repr(twins[0])})
    else:
        row.note = Message(N_("in {which}, but no sample of this source carries it: it matches nothing."),
                           {"which": which})
