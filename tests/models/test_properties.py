"""Whatever is pasted: only ValidationError comes out, every problem is complete, and what is accepted
survives a round trip through its canonical body."""

from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from models import DatasetType, ImportTaskRequest, check_request, field_problems

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_like = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)


def maybe(strategy):
    return st.none() | strategy


paths = st.sampled_from(
    [
        "s3://bucket-1/dir/",
        "obs://test-obs/x.manifest",
        "s3://b/x",
        "s3://bucket-1//x",
        "http://x",
        "s3://Ab_c/x",
        "s3://bucket-1/my dir/",
        "",
    ]
) | st.text(max_size=30)
names = st.sampled_from(["cat", "dog", "Cat", " ", "", "a" * 70]) | st.text(max_size=10)
separators = st.sampled_from(["\t", ",", ";", "|", "x", "9", "\\t", "ab", "€", ""])
label_property = st.fixed_dictionaries(
    {},
    optional={
        "@modelarts:color": st.sampled_from(["#FFFFF0", "#fff", "red"]),
        "@modelarts:default_shape": st.sampled_from(["bndbox", "polygon", "square"]),
        "@modelarts:shortcut": st.sampled_from(["D", "7", "DD", ""]),
        "@modelarts:from_type": names,
        "@modelarts:to_type": names,
        "@modelarts:rename_to": names,
        "@modelarts:colour": st.just("#FFFFFF"),
    },
)
attribute = st.fixed_dictionaries(
    {},
    optional={
        "name": names,
        "type": st.sampled_from(["text", "select", "number"]),
        "values": st.lists(st.fixed_dictionaries({}, optional={"id": names, "value": names}), max_size=3),
        "default_value": names,
        "id": names,
    },
)
label = names | st.fixed_dictionaries(
    {"name": names},
    optional={
        "type": st.sampled_from([0, 1, 2, 3, 100, 102, 103, 600, True, "1"]),
        "property": label_property,
        "attributes": st.lists(attribute, max_size=2),
    },
)
source_info = st.fixed_dictionaries(
    {},
    optional={
        key: st.sampled_from(values) | st.text(max_size=8)
        for key, values in {
            "ip": ["10.0.0.1", "::1", "300.1.1.1"],
            "port": ["8000", 8000, "0", 70000],
            "cluster_mode": ["0", "1", 1, 2],
            "database_name": ["d"],
            "table_name": ["t"],
            "user_name": ["u"],
            "user_password": ["p", ""],
            "queue_name": ["q"],
            "input": ["/user/x"],
            "cluster_id": ["c"],
            "cluster_name": ["c"],
        }.items()
    },
)
near_valid = st.fixed_dictionaries(
    {},
    optional={
        "import_path": paths,
        "import_type": st.sampled_from(["dir", "manifest", 0, 1, "0", "1", "DIR", "x", None]),
        "import_origin": st.sampled_from(["obs", "dws", "dli", "rds", "mrs", "inference", "ftp"]),
        "import_annotations": st.booleans(),
        "import_samples": st.booleans() | st.sampled_from(["true", "no", 2]),
        "difficult_only": st.booleans(),
        "final_annotation": st.booleans(),
        "import_folder": maybe(names),
        "annotation_format": st.sampled_from(["VOC", "COCO", "YOLO"]),
        "with_column_header": st.booleans(),
        "included_labels": st.lists(label, max_size=3),
        "excluded_labels": st.lists(label, max_size=3),
        "included_tags": st.lists(names, max_size=3),
        "label_format": st.fixed_dictionaries(
            {},
            optional={
                "label_type": st.sampled_from(["0", "1", 0, 1, "2"]),
                "text_label_separator": separators,
                "text_sample_separator": separators,
            },
        ),
        "data_source": st.fixed_dictionaries(
            {},
            optional={
                "data_type": st.integers(-1, 7),
                "data_path": names,
                "with_column_header": st.booleans(),
                "source_info": source_info,
                "schema_maps": st.lists(
                    st.fixed_dictionaries({}, optional={"src_name": names, "dest_name": names}), max_size=3
                ),
            },
        ),
    },
)
dataset_types = st.sampled_from([None, *[member.value for member in DatasetType]])


def _judge(body, dataset_type):
    try:
        request = ImportTaskRequest.model_validate(body)
    except ValidationError as exc:
        problems = field_problems(exc)
        assert problems
        for problem in problems:
            assert isinstance(problem.path, tuple)
            assert str(problem.label).strip()
            assert str(problem.message).strip()
        return None
    canonical = request.to_body()
    again = ImportTaskRequest.model_validate(canonical)
    assert again == request.model_copy(update={"included_tags": None})  # beside included_labels it is not sent
    assert again.to_body() == canonical
    result = check_request(request, dataset_type)
    for problem in (*result.errors, *result.warnings):
        assert str(problem.label).strip() and str(problem.message).strip()
    return request


@given(json_like, dataset_types)
def test_arbitrary_json_raises_only_validation_errors(body, dataset_type):
    _judge(body, dataset_type)


@given(near_valid, dataset_types)
def test_near_valid_bodies_round_trip_or_explain(body, dataset_type):
    _judge(body, dataset_type)


# ---- a body built only from values each table allows is never blocked -------------------------------------------
texts = st.text(min_size=1, max_size=12).filter(str.strip)
buckets = st.from_regex(r"[a-z0-9][a-z0-9-]{1,20}[a-z0-9]", fullmatch=True)
folders = st.lists(st.from_regex(r"[A-Za-z0-9_-]{1,10}", fullmatch=True), max_size=3)


@st.composite
def obs_paths(draw):
    prefix = draw(st.sampled_from(["s3://", "obs://", "/"]))
    return prefix + "/".join([draw(buckets), *draw(folders)]) + draw(st.sampled_from(["/", "/x.manifest", ""]))


allowed_separators = st.sampled_from(list("\t,;|:#/_=!@$%^&*?'.xA7"))
allowed_property = st.fixed_dictionaries(
    {},
    optional={
        "@modelarts:color": st.from_regex(r"#[0-9A-Fa-f]{6}|#[0-9A-Fa-f]{3}", fullmatch=True),
        "@modelarts:default_shape": st.sampled_from(["bndbox", "polygon", "circle", "line", "dashed", "point",
                                                     "polyline"]),
        "@modelarts:shortcut": st.sampled_from(["D", "7", "F2", "F12"]),
        "@modelarts:rename_to": texts,
        "@modelarts:from_type": texts,
        "@modelarts:to_type": texts,
    },
)  # fmt: skip
allowed_attribute = st.fixed_dictionaries(
    {},
    optional={
        "name": texts,
        "id": texts,
        "type": st.sampled_from(["text", "select"]),
        "default_value": texts,
        "values": st.lists(st.fixed_dictionaries({}, optional={"id": texts, "value": texts}), max_size=3),
    },
)
allowed_label = texts | st.fixed_dictionaries(
    {},
    optional={
        "name": texts,
        "type": st.sampled_from([0, 1, 3, 100, 101, 103, 200, 201, 202, 600]),
        "property": allowed_property,
        "attributes": st.lists(allowed_attribute, max_size=2),
    },
)
allowed_common = {
    "import_annotations": st.booleans(),
    "import_samples": st.booleans(),
    "difficult_only": st.booleans(),
    "final_annotation": st.booleans(),
    "included_labels": st.lists(allowed_label, max_size=3),
    "excluded_labels": st.lists(allowed_label, max_size=3),
}
ports = st.integers(1, 65535).flatmap(lambda port: st.sampled_from([port, str(port)]))
allowed_source_info = st.fixed_dictionaries(
    {},
    optional={
        "cluster_id": texts, "cluster_name": texts, "cluster_mode": st.sampled_from(["0", "1", 0, 1]),
        "database_name": texts, "input": texts, "ip": st.ip_addresses().map(str) | texts, "port": ports,
        "queue_name": texts, "subnet_id": texts, "table_name": texts, "user_name": texts, "vpc_id": texts,
        "user_password": texts,
    },
)  # fmt: skip
FILE_DATASETS = [0, 1, 3, 100, 101, 102, 200, 201, 202, 600, 900]


@st.composite
def allowed_bodies(draw):
    """(body, dataset type): every value is one its table allows, for a dataset that takes the source."""
    from models import SOURCES

    kind = draw(st.sampled_from(list(SOURCES)))
    spec = SOURCES[kind]
    body = draw(st.fixed_dictionaries({}, optional=allowed_common))
    if spec.import_origin is not None and (kind != "obs" or draw(st.booleans())):
        body["import_origin"] = spec.import_origin
    data_source = {}
    if draw(st.booleans()) or ("import_origin" not in body and kind != "obs"):
        data_source["data_type"] = spec.data_type
    if spec.table_source:
        info = draw(allowed_source_info)
        for key in spec.required:
            info.setdefault(key.rsplit(".", 1)[-1], draw(texts))
        data_source["source_info"] = info
        schema = st.fixed_dictionaries({}, optional={"src_name": texts, "dest_name": texts})
        data_source.update(draw(st.fixed_dictionaries({}, optional={"schema_maps": st.lists(schema, max_size=3),
                                                                    "with_column_header": st.booleans()})))
        dataset_type = 400
    else:
        dataset_type = draw(st.sampled_from(FILE_DATASETS))
        if "import_path" in spec.fields and (kind == "obs" or draw(st.booleans())):
            body["import_path"] = draw(obs_paths())
            directory = dataset_type in (0, 1, 3, 100, 200)
            choices = ["manifest", 1, "1"] + (["dir", 0, "0"] if directory else [])
            if directory and draw(st.booleans()):
                pass  # import_type left out: a directory import
            else:
                body["import_type"] = draw(st.sampled_from(choices))
            body.update(draw(st.fixed_dictionaries({}, optional={
                "import_folder": texts,
                "label_format": st.fixed_dictionaries({}, optional={
                    "label_type": st.sampled_from(["0", "1", 0, 1]),
                    "text_label_separator": allowed_separators,
                    "text_sample_separator": allowed_separators,
                }),
            })))  # fmt: skip
    if data_source:
        body["data_source"] = data_source
    for list_name in ("included_labels", "excluded_labels"):
        for label in body.get(list_name, []):
            if isinstance(label, dict) and label.get("type") == 102:
                label.setdefault("property", {}).update({"@modelarts:from_type": "a", "@modelarts:to_type": "b"})
    return body, dataset_type


@given(allowed_bodies())
def test_a_body_of_allowed_values_is_never_blocked(case):
    body, dataset_type = case
    try:
        request = ImportTaskRequest.model_validate(body)
    except ValidationError as exc:
        raise AssertionError([str(p.text) for p in field_problems(exc)]) from None
    result = check_request(request, dataset_type)
    assert result.errors == [], [str(p.text) for p in result.errors]
