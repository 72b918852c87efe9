"""The weight tables of the shipped models (tone.py, feedback_model.py), read into little memory.

A model file holds {feature: [number, ...]} for 50,000–110,000 features. Parsed as it is, that is a
string, a list and float objects per feature, and the objects a model keeps end up scattered
between the parse's temporary ones: a gunicorn master kept ~30 MB more than the tone model's own
objects, pages every worker maps too (bench/README.md, "Worker memory: compact lexicons and
models"). So a table is read in two passes: the parse is flattened into one text of the names and
one array of the numbers and dropped whole, then the names go into a `FeatureIndex` (a MARISA trie:
the names packed into ~1 MB of C++ memory, no Python object per name) and each model keeps its
numbers in arrays of doubles (bench/README.md, "Worker memory: models without objects").
"""
from __future__ import annotations

import gzip
from array import array
from importlib import resources
from itertools import chain
from collections.abc import Mapping
from typing import Iterable, Iterator, Optional

import marisa_trie
import json

_SEPARATOR = "\0"  # between the names in the flattened text (a name holding it fails the count below)


def read_table(name: str, table: str) -> tuple[dict, "Names", array]:
    """A model file of this package ("models/tone.json.gz"): its other fields, the names of its
    `table` in file order, and their numbers one name after the other."""
    with resources.files(__package__).joinpath(name).open("rb") as raw:
        data = json.loads(gzip.decompress(raw.read()))
    features = data.pop(table)
    count = len(features)
    text = _SEPARATOR.join(features)
    numbers = array("d", chain.from_iterable(features.values()))
    del features
    # The few fields kept are made again now: made during the parse, they sit between its freed
    # objects, and each would keep the allocator from handing back the pages around it.
    data = json.loads(json.dumps(data))
    if (text.count(_SEPARATOR) + 1 if count else 0) != count:
        raise ValueError(f"{name}: a name in {table} holds {_SEPARATOR!r}")
    return data, Names(text, count), numbers


class Names:
    """The names of a table, made one at a time each time they are gone through. A list of them all
    would be ~100,000 strings alive while the model's own objects are made; those few objects would
    then sit between them and keep the allocator from handing back the pages once the strings are
    dropped (~4 MB more in the master for the two models)."""

    __slots__ = ("_text", "_count")

    def __init__(self, text: str, count: int):
        self._text, self._count = text, count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        text, start = self._text, 0
        for _ in range(self._count):
            end = text.find(_SEPARATOR, start)
            if end < 0:
                end = len(text)
            yield text[start:end]
            start = end + 1


class FeatureIndex(Mapping):
    """The row of each feature name, as a dict {name: row} gives it, rows numbered in the order the
    names were given (0, 1, …), in a trie instead of a string and an int object per name.

    A trie numbers its keys in an order of its own; `_rows` turns that number into the row. Nothing
    in it is a Python object per name, so a worker forked from a master that built it neither counts
    the objects' pages nor copies them when reference counts change (there are none to change)."""

    __slots__ = ("_trie", "_rows", "_get", "number")

    def __init__(self, names: Iterable[str]):
        if not isinstance(names, (Names, list, tuple)):
            names = list(names)
        self._trie = marisa_trie.Trie(names)
        if len(self._trie) != len(names):
            raise ValueError("a feature name is given twice")
        self._rows = array("l", bytes(len(names) * array("l").itemsize))
        for row, name in enumerate(names):
            self._rows[self._trie.key_id(name)] = row
        self._get = self._trie.get
        # The trie's own number of a name (None when it holds none): for tables kept in that order
        # (`in_trie_order`), looked up without the step through the rows.
        self.number = self._trie.get

    def in_trie_order(self, column: array) -> array:
        """A column of numbers given per row, rearranged so that `number(name)` indexes it."""
        rows = self._rows
        return array(column.typecode, (column[rows[n]] for n in range(len(rows))))

    def get(self, name: str, default: Optional[int] = None) -> Optional[int]:
        """The row of a name, or `default` when the index does not hold it."""
        found = self._get(name)
        return default if found is None else self._rows[found]

    def __getitem__(self, name: str) -> int:
        found = self._get(name)
        if found is None:
            raise KeyError(name)
        return self._rows[found]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._trie

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[str]:
        """The names in row order."""
        names = [""] * len(self._rows)
        for name, number in self._trie.items():
            names[self._rows[number]] = name
        return iter(names)


__all__ = ["FeatureIndex", "Names", "read_table"]
