"""A Hugging Face dataset card (README.md) declaring an export's splits and features.

`datasets.load_dataset("json", data_files=...)` infers the features from the first rows of the
first split: a field null throughout them (no reviewer yet, no prediction score) gets the type
`null`, and a later split that has values then fails to cast. The card declares the features, so
`load_dataset("<unzipped export folder>")` loads every split with the same, right types whatever
the data, and ClassLabel features (the `hf` format's tags) come back with their names.

A schema here is plain data: "string", "int64", "float64", "bool"; [inner] a list of one type;
{name: type} a struct (keys in order); ClassLabel(names) a class label. The YAML is written in
its JSON form (JSON is YAML), the shape `datasets.Features._to_yaml_list` gives.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

CARD_NAME = "README.md"


@dataclass(frozen=True)
class ClassLabel:
    names: tuple[str, ...]


def _feature(schema) -> dict:
    if isinstance(schema, str):
        return {"dtype": schema}
    if isinstance(schema, ClassLabel):
        return {"class_label": {"names": {str(i): name for i, name in enumerate(schema.names)}}}
    if isinstance(schema, list):
        inner = schema[0]
        if isinstance(inner, dict):
            return {"list": features_yaml(inner)}
        return {"list": _feature(inner).get("dtype") or _feature(inner)}
    if isinstance(schema, dict):
        return {"struct": features_yaml(schema)}
    raise TypeError(f"not a schema: {schema!r}")


def features_yaml(schema: dict) -> list[dict]:
    """The `dataset_info.features` list of a card, for a record schema {field: type}."""
    return [{"name": name, **_feature(kind)} for name, kind in schema.items()]


def dataset_card(*, title: str, files: dict[str, str], schema: dict, about: str) -> str:
    """README.md text: YAML front matter (configs with each split's file, features), then `about`.
    `files`: Hugging Face split name -> file ("all", reserved there, must be renamed by the caller)."""
    header = {
        "configs": [{"config_name": "default",
                     "data_files": [{"split": split, "path": path} for split, path in files.items()]}],
        "dataset_info": {"features": features_yaml(schema)},
    }
    return (f"---\n{json.dumps(header, ensure_ascii=False, indent=1)}\n---\n\n# {title}\n\n{about}\n\n"
            "Load every split at once with `datasets.load_dataset(\"<this folder>\")`.\n")
