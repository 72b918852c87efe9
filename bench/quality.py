"""Quality of the language checks on the labelled corpus: precision and recall, feedback accuracy.

    .venv/bin/python bench/quality.py                 # every transcript of bench/corpus/<lang>*.json
    .venv/bin/python bench/quality.py --split 25      # the first 25 of each file apart from the rest
    .venv/bin/python bench/quality.py --corpus DIR    # another directory of <lang>*.json files
    .venv/bin/python bench/quality.py --errors        # also list every call judged wrongly (--misses)
    .venv/bin/python bench/quality.py --language fi   # one language (repeatable)
    .venv/bin/python bench/quality.py --feedback-misses   # every feedback miss: expected vs suggested
    .venv/bin/python bench/quality.py --feedback-only     # only the feedback columns (much faster)

A check's positive class is "flag": precision is the share of its flags the corpus agrees with,
recall the share of the corpus's flags it raises. Feedback accuracy is defined in docs/standards.md.
"Product named" is the share of expected items with a product whose suggestion of the same category
names it (a word of four letters or more in common, folded: "Kettlo 1.7L kettle" ~ "Kettlo kettle").
Nothing here is collected by pytest; it needs no database.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crm.standards.base import CheckContext, Hold, InteractionFacts  # noqa: E402
from crm.standards.builtin.classifier import classify  # noqa: E402
from crm.standards.manager import collect_standards, make_plugin_manager  # noqa: E402
from crm.text import fold  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "corpus"
LANGUAGES = ("en", "ms", "cs", "fi", "ro")
CHECKS = ("courtesy.thanks", "courtesy.positive_language", "hold.apology")


def corpus_files(language: str, directory: Path = CORPUS) -> list[Path]:
    """Every file of a language: <lang>.json and other writers' <lang>-<writer>.json, in name order."""
    return sorted(p for p in directory.glob(f"{language}*.json")
                  if p.stem == language or p.stem.startswith(f"{language}-"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


PARAMS: dict[str, dict] = {}  # policy parameters other than the defaults, by check (--tone-model)


def judge(standards, transcript: dict, declared: str | None) -> dict[str, str]:
    """What the checks say of one corpus transcript: {check: "flag" | "pass"}."""
    holds = tuple(Hold(int(h["seconds"]), False) for h in transcript.get("holds") or ())
    facts = InteractionFacts(channel="phone", direction="inbound",
                             started_at=datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc),
                             holds=holds, transcript=transcript["transcript"], language=declared)
    out = {}
    for code in CHECKS:
        if code == "hold.apology" and not holds:
            continue
        standard = standards[code]
        params, _ = standard.validate_params(PARAMS.get(code, {}))
        departures = list(standard.check(facts, params, CheckContext(customer_language=declared)))
        out[code] = "flag" if departures else "pass"
    return out


def feedback_score(expected: list[dict], suggested: list) -> tuple[int, int]:
    """(correct, slots) for one case: categories matched one to one; extras and misses both cost."""
    want = Counter(item["category"] for item in expected)
    got = Counter(item.category for item in suggested)
    if not want and not got:
        return 1, 1
    return sum((want & got).values()), max(sum(want.values()), sum(got.values()))


def _words(text: str) -> set[str]:
    return {w[:5] for w in fold(text or "").replace("-", " ").split() if len(w) >= 4}


def product_score(expected: list[dict], suggested: list) -> tuple[int, int]:
    """(named, expected items with a product): each expected product against the suggestions of its
    category, taken one to one in order."""
    left = list(suggested)
    named = total = 0
    for item in expected:
        if not item.get("product"):
            continue
        total += 1
        same = next((s for s in left if s.category == item["category"]), None)
        if same is None:
            continue
        left.remove(same)
        named += bool(_words(item["product"]) & _words(same.product or ""))
    return named, total


def _feedback_miss(case: dict, suggested: list) -> str:
    expected = [(e["category"], e.get("product")) for e in case["expect"]]
    said = [(x.category, x.product, x.evidence) for x in suggested]
    return f"{case['id']}: expected {expected}\n      suggested {said}\n      — {case.get('note', '')}"


def ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.2f}" if denominator else "—"


def measure(part: slice, feedback_part: slice, errors: bool, declared_language: bool,
            directory: Path = CORPUS, languages=LANGUAGES,
            feedback_misses: bool = False, feedback_only: bool = False) -> tuple[list[str], list[str]]:
    """One row per language over all its files; the split applies to each file on its own."""
    standards = collect_standards(make_plugin_manager(load_entry_points=False))
    rows, wrong = [], []
    for language in languages:
        paths = corpus_files(language, directory)
        if not paths:
            continue
        # Case ids repeat across writers' files, so each is named with its file: "en-c:en-f004".
        files = [(path.stem, load(path)) for path in paths]
        transcripts = [{**t, "id": f"{stem}:{t['id']}"} for stem, data in files
                       for t in data.get("transcripts", [])[part]] if not feedback_only else []
        feedback = [{**case, "id": f"{stem}:{case['id']}"} for stem, data in files
                    for case in data.get("feedback", [])[feedback_part]]
        counts = {code: Counter() for code in CHECKS}
        for transcript in transcripts:
            said = judge(standards, transcript, language if declared_language else None)
            for code, verdict in said.items():
                expected = transcript["expect"].get(code)
                if expected is None:
                    continue
                counts[code][(expected, verdict)] += 1
                if expected != verdict and not feedback_misses:
                    wrong.append(f"{transcript['id']} {code}: expected {expected}, said {verdict}"
                                 f" — {transcript.get('note', '')}")
        correct = slots = named = products = 0
        for case in feedback:
            suggested = classify(case.get("summary", ""), case.get("transcript", ""),
                                 language if declared_language else None)
            c, s = feedback_score(case["expect"], suggested)
            correct, slots = correct + c, slots + s
            n, p = product_score(case["expect"], suggested)
            named, products = named + n, products + p
            if c != s and feedback_misses:
                wrong.append(_feedback_miss(case, suggested))
            elif c != s:
                wrong.append(f"{case['id']} feedback: expected {[e['category'] for e in case['expect']]}, "
                             f"suggested {[(x.category, x.text) for x in suggested]} — {case.get('note', '')}")
        cells = []
        for code in CHECKS:
            c = counts[code]
            tp, fp, fn = c[("flag", "flag")], c[("pass", "flag")], c[("flag", "pass")]
            cells.append(f"{ratio(tp, tp + fp)} / {ratio(tp, tp + fn)} ({sum(c.values())})")
        rows.append(f"| {language} | " + " | ".join(cells) + f" | {ratio(correct, slots)} ({slots}) "
                    f"| {ratio(named, products)} ({products}) |")
    return rows, wrong if errors or feedback_misses else []


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", type=int, default=None,
                        help="report the first N transcripts and feedback cases of each file apart from the rest")
    parser.add_argument("--feedback-split", type=int, default=12,
                        help="with --split, the number of feedback cases of each file tuned on (default 12)")
    parser.add_argument("--corpus", type=Path, default=CORPUS,
                        help="directory of <lang>.json and <lang>-<writer>.json files (default bench/corpus)")
    parser.add_argument("--errors", "--misses", action="store_true", help="list every case judged wrongly")
    parser.add_argument("--language", action="append", choices=LANGUAGES,
                        help="only this language (may be given more than once)")
    parser.add_argument("--feedback-misses", action="store_true",
                        help="list only the feedback misses: expected and suggested (category, product), with the sentence")
    parser.add_argument("--feedback-only", action="store_true",
                        help="judge only the feedback cases (the checks' columns stay empty)")
    parser.add_argument("--tone-model", type=float, metavar="THRESHOLD", default=None,
                        help="judge positive language with the tone model from this threshold (0: each "
                             "language's own, the default policy's) (tone_model / tone_threshold of docs/standards.md)")
    parser.add_argument("--lexicons-only", action="store_true",
                        help="judge positive language with the phrase lexicons alone (tone_model off)")
    parser.add_argument("--no-declared-language", action="store_true",
                        help="do not give the checks the contact's language (detection alone)")
    args = parser.parse_args(argv)
    if args.lexicons_only:
        PARAMS["courtesy.positive_language"] = {"tone_model": False}
    elif args.tone_model is not None:
        PARAMS["courtesy.positive_language"] = {"tone_model": True, "tone_threshold": args.tone_model}
    header = ("| language | thanks P / R (calls) | positive language P / R (calls) | hold apology P / R (calls) "
              "| feedback accuracy (slots) | product named (items) |\n|---|---|---|---|---|---|")
    parts = [("all", slice(None), slice(None))] if args.split is None else [
        (f"first {args.split} calls and {args.feedback_split} feedback cases of each file (tuning)",
         slice(0, args.split), slice(0, args.feedback_split)),
        ("the rest (held out)", slice(args.split, None), slice(args.feedback_split, None)),
    ]
    for title, part, feedback_part in parts:
        rows, wrong = measure(part, feedback_part, args.errors, not args.no_declared_language, args.corpus,
                              tuple(args.language or LANGUAGES), args.feedback_misses, args.feedback_only)
        print(f"\n{title}\n\n{header}")
        print("\n".join(rows))
        if wrong:
            print("\njudged wrongly:\n  " + "\n  ".join(wrong))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
