"""The weight tables of the shipped models (tone.py, feedback_model.py), read into little memory.

A model file holds {feature: [number, ...]} for 50,000–110,000 features. Parsed as it is, that is a
string, a list and float objects per feature, and the objects a model keeps end up scattered
between the parse's temporary ones: a gunicorn master kept ~30 MB more than the tone model's own
objects, pages every worker maps too (bench/README.md, "Worker memory: compact lexicons and
models"). So a table is read in two passes: the parse is flattened into one text of the names and
one array of the numbers and dropped whole, then the names are made again from that text, side by
side, and each model keeps its numbers in arrays or one object per feature.
"""
from __future__ import annotations

import gzip
from array import array
from importlib import resources
from itertools import chain

import orjson

_SEPARATOR = "\0"  # between the names in the flattened text (a name holding it fails the count below)


def read_table(name: str, table: str) -> tuple[dict, list[str], array]:
    """A model file of this package ("models/tone.json.gz"): its other fields, the names of its
    `table` in file order, and their numbers one name after the other."""
    with resources.files(__package__).joinpath(name).open("rb") as raw:
        data = orjson.loads(gzip.decompress(raw.read()))
    features = data.pop(table)
    count = len(features)
    text = _SEPARATOR.join(features)
    numbers = array("d", chain.from_iterable(features.values()))
    del features
    names = text.split(_SEPARATOR) if count else []
    if len(names) != count:
        raise ValueError(f"{name}: a name in {table} holds {_SEPARATOR!r}")
    return data, names, numbers


__all__ = ["read_table"]
