"""Every judgement of the language checks on the corpus and held-out transcripts, one JSON line each.

    .venv/bin/python bench/judgements.py > before.jsonl     # on one checkout
    .venv/bin/python bench/judgements.py > after.jsonl      # on the other
    cmp before.jsonl after.jsonl                            # a change meant to keep every answer

For every transcript of bench/corpus/*.json and bench/heldout/*.json, with its file's language
declared and with none: the message (its English text and its parameters) and evidence of
courtesy.thanks, courtesy.positive_language (also with the tone model on) and hold.apology (a call
without holds is given one, so the hold check reads every transcript); the analysis (every turn's
speaker, language and confidence); the feedback classifier's suggestions for the transcript and for
every feedback case. Nothing here is collected by pytest; it needs no database.
"""
from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crm.standards.base import CheckContext, Hold, InteractionFacts  # noqa: E402
from crm.standards.builtin.classifier import classify  # noqa: E402
from crm.standards.language import analyse  # noqa: E402
from crm.standards.manager import collect_standards, make_plugin_manager  # noqa: E402

BENCH = Path(__file__).resolve().parent
CHECKS = {"courtesy.thanks": ({},), "courtesy.positive_language": ({}, {"tone_model": True}),
          "hold.apology": ({},)}
STARTED = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)


def line(**fields) -> str:
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, default=repr)


def judgements(standards, path: Path):
    data = json.loads(path.read_text(encoding="utf-8"))
    for transcript in data.get("transcripts", []):
        holds = tuple(Hold(int(h["seconds"]), False) for h in transcript.get("holds") or ()) or (Hold(30, False),)
        for declared in (data["language"], None):
            where = {"file": path.stem, "id": transcript["id"], "declared": declared}
            facts = InteractionFacts(channel="phone", direction="inbound", started_at=STARTED, holds=holds,
                                     transcript=transcript["transcript"], language=declared)
            for code, variants in CHECKS.items():
                for given in variants:
                    params, _ = standards[code].validate_params(given)
                    said = [{"message": str(d.message), "params": d.message.to_json(), "evidence": d.evidence}
                            for d in standards[code].check(facts, params, CheckContext(customer_language=declared))]
                    yield line(**where, check=code, params=given, said=said)
            analysis = analyse(transcript["transcript"], declared)
            yield line(**where, analysis=analysis.to_json(), language=analysis.language)
            yield line(**where, feedback=[asdict(s) for s in classify("", transcript["transcript"], declared)])
    for case in data.get("feedback", []):
        for declared in (data["language"], None):
            suggested = classify(case.get("summary", ""), case.get("transcript", ""), declared)
            yield line(file=path.stem, id=case["id"], declared=declared, feedback=[asdict(s) for s in suggested])


def main() -> int:
    standards = collect_standards(make_plugin_manager(load_entry_points=False))
    for path in sorted((BENCH / "corpus").glob("*.json")) + sorted((BENCH / "heldout").glob("*.json")):
        for judged in judgements(standards, path):
            print(judged)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
