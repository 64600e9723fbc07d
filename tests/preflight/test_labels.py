"""Label reconciliation: which rows, which fix, and what each fix does to the request body."""

from __future__ import annotations

from preflight import LabelFix, reconcile

RENAME = "@modelarts:rename_to"


def rows_by_name(found, dataset_labels, body, kept=None, **kwargs):
    return {row.name: row for row in reconcile(found, kept or found, dataset_labels, body, **kwargs)}


def test_case_and_space_near_duplicates_of_dataset_labels_get_a_rename():
    rows = rows_by_name({"cat": 4, "Cat": 1, " dog ": 2}, ["cat", "dog"], {"included_labels": [{"name": "cat"}]})
    assert rows["cat"].status == "matches" and rows["cat"].fix is None
    cat = rows["Cat"]
    assert (cat.status, cat.similar_to, cat.fix.kind, cat.fix.rename_to) == ("near_duplicate", "cat", "rename", "cat")
    assert cat.fix.add == ("Cat",)
    assert "second label" in str(cat.fix.why)
    dog = rows[" dog "]
    assert (dog.status, dog.fix.rename_to) == ("near_duplicate", "dog")
    assert rows["dog"].status == "missing" and rows["dog"].similar_to == " dog "


def test_a_new_label_left_out_by_included_labels_gets_include_and_otherwise_no_fix():
    filtered = rows_by_name({"cat": 3, "bees": 2}, ["cat"], {"included_labels": [{"name": "cat"}]})
    bees = filtered["bees"]
    assert (bees.status, bees.fix.kind, bees.fix.add, bees.fix.rename_to) == ("new", "include", ("bees",), None)
    assert "rename-to would be wrong" in str(bees.fix.why)
    unfiltered = rows_by_name({"cat": 3, "bees": 2}, ["cat"], {})
    assert unfiltered["bees"].status == "new" and unfiltered["bees"].fix is None
    assert "adds it as a new label" in str(unfiltered["bees"].note)
    excluded = rows_by_name({"cat": 3, "bees": 2}, ["cat"],
                            {"included_labels": [{"name": "cat"}], "excluded_labels": [{"name": "bees"}]})
    assert excluded["bees"].fix is None


def test_a_rename_without_a_filter_includes_every_label_found_except_excluded_ones():
    rows = rows_by_name({"cat": 4, "bees": 2, "Cat": 1, "wasp": 1}, ["cat"], {"excluded_labels": [{"name": "wasp"}]})
    fix = rows["Cat"].fix
    assert fix.add == ("cat", "bees", "Cat")
    assert fix.apply({"excluded_labels": [{"name": "wasp"}]}) == {
        "excluded_labels": [{"name": "wasp"}],
        "included_labels": [{"name": "cat"}, {"name": "bees"}, {"name": "Cat", "property": {RENAME: "cat"}}],
    }


def test_two_spellings_in_the_source_only_rename_the_rarer_to_the_more_common():
    rows = rows_by_name({"Rabbits": 3, "rabbits": 1, "rabbits ": 1}, [], {})
    assert rows["Rabbits"].status == "new" and rows["Rabbits"].fix is None
    assert rows["rabbits"].fix.rename_to == "Rabbits"
    assert rows["rabbits "].fix.rename_to == "Rabbits"


def test_an_included_label_spelled_differently_from_the_source_is_replaced():
    rows = rows_by_name({"rabbits": 3, "cat": 1}, ["cat", "rabbits"], {"included_labels": [{"name": "Rabbits"}]})
    row = rows["Rabbits"]
    assert (row.status, row.similar_to) == ("not_in_source", "rabbits")
    assert row.fix.apply({"included_labels": [{"name": "Rabbits"}]}) == {"included_labels": [{"name": "rabbits"}]}


def test_existing_renames_are_respected_and_labels_without_samples_are_reported():
    body = {"included_labels": [{"name": "Cat", "property": {RENAME: "cat", "@modelarts:color": "#FF0000"}},
                                {"name": "ghost"}]}
    rows = rows_by_name({"Cat": 2}, ["cat", "bird"], body)
    assert rows["Cat"].status == "renamed" and rows["Cat"].fix is None
    assert rows["bird"].status == "missing" and rows["bird"].fix is None
    assert rows["ghost"].status == "not_in_source" and "matches nothing" in str(rows["ghost"].note)


def test_no_rename_when_annotations_are_not_imported():
    rows = rows_by_name({"Cat": 1}, ["cat"], {}, annotations_imported=False)
    assert rows["Cat"].status == "near_duplicate" and rows["Cat"].fix is None


def test_apply_keeps_other_label_fields_and_is_idempotent():
    fix = LabelFix("rename", "Cat", "t", "w", add=("Cat",), rename_to="cat")
    body = {"import_path": "s3://bkt/x/", "included_labels": [{"name": "Cat", "type": 0,
                                                              "property": {"@modelarts:color": "#00FF00"}}]}
    once = fix.apply(body)
    assert once["included_labels"] == [{"name": "Cat", "type": 0,
                                        "property": {"@modelarts:color": "#00FF00", RENAME: "cat"}}]
    assert body["included_labels"][0]["property"] == {"@modelarts:color": "#00FF00"}  # input untouched
    assert fix.apply(once) == once and fix.is_applied(once) and not fix.is_applied(body)
