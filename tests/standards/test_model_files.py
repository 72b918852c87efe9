"""The shipped models kept compactly (crm/standards/builtin/model_files.py: names in a trie, numbers in
arrays) score exactly as the plain dictionaries of the model files do: every figure below is compared
with ==, not approximately, on the labelled calls of bench/corpus."""
import gzip
import json
import math
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from crm.standards.builtin import feedback_model, tone
from crm.standards.builtin.model_files import FeatureIndex

CORPUS = Path(__file__).resolve().parents[2] / "bench" / "corpus"


def _raw(name: str) -> dict:
    with resources.files("crm.standards.builtin").joinpath(name).open("rb") as raw:
        return json.loads(gzip.decompress(raw.read()))


def _calls(languages=("en", "ms", "cs", "fi", "ro"), per_language=15):
    for code in languages:
        transcripts = json.loads((CORPUS / f"{code}.json").read_text())["transcripts"][:per_language]
        for item in transcripts:
            lines = [line.split(": ", 1)[-1] for line in item["transcript"].splitlines() if line.strip()]
            yield code, lines


def test_a_feature_index_gives_each_name_its_row_as_a_dict_would():
    names = ["\tw ok", " ok ", "ok", "\tl moci ten", "zdravím", "a", ""]
    index = FeatureIndex(names)
    assert dict(index) == {name: row for row, name in enumerate(names)}
    assert list(index) == names and len(index) == len(names)
    assert index.get("\tw ok") == 0 and index["zdravím"] == 4 and index.get("") == 6
    assert index.get("missing") is None and index.get("missing", -1) == -1 and "ok " not in index
    with pytest.raises(KeyError):
        index["missing"]
    with pytest.raises(ValueError):
        FeatureIndex(["same", "same"])


def test_the_tone_model_scores_every_turn_exactly_as_its_file_says():
    data = _raw("models/tone.json.gz")
    weights = {name: complex(*pair) for name, pair in data["features"].items()}
    shipped = tone.model()
    assert len(shipped.weights) == len(weights)

    def reference(text, language):  # the scoring as it was over a dict {feature: idf + weight·j}
        total = square = 0.0
        for feature, count in Counter(tone.features(text, language)).items():
            known = weights.get(feature)
            if known is None:
                continue
            value = (1.0 + math.log(count)) * known.real
            square += value * value
            total += value * known.imag
        score = data["intercept"] + (total / math.sqrt(square) if square else 0.0)
        return 1.0 / (1.0 + math.exp(-score))

    scored = 0
    for code, lines in _calls():
        for line in lines:
            assert shipped.probability(line, code) == reference(line, code), line
            scored += 1
    assert scored > 300
    sample = list(weights)[::997]
    assert all(shipped.weights[name] == weights[name] and name in shipped.weights for name in sample)


def test_a_tone_model_made_from_a_dict_reads_it_back():
    made = tone.ToneModel(weights={"\tw zorblax": (1.5, 8.0), " zo": 0.5 - 2j}, intercept=-1.0,
                          languages=frozenset({"en"}), trained_on={})
    assert dict(made.weights) == {"\tw zorblax": 1.5 + 8j, " zo": 0.5 - 2j}


def test_the_feedback_model_scores_every_call_exactly_as_its_file_says():
    data = _raw("models/feedback.json.gz")
    rows = {key: n for n, key in enumerate(data["weights"])}
    columns = list(zip(*data["weights"].values()))
    shipped = feedback_model.model()
    assert dict(shipped.rows) == rows and [list(c) for c in shipped.columns] == [list(c) for c in columns]
    for code, lines in _calls():
        found = feedback_model._rows_of(shipped, code, lines)
        expected = {rows[key] for key in feedback_model.features(code, lines) if key in rows}
        assert found == expected
        totals = [sum(column[row] for row in found) for column in columns]
        assert shipped.totals(found) == totals
