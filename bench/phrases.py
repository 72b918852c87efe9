"""Line-level quality of the language checks on the phrasebooks: one agent line at a time.

    .venv/bin/python bench/phrases.py                  # every bench/phrases/<lang>.json
    .venv/bin/python bench/phrases.py --language cs    # one language (repeatable)
    .venv/bin/python bench/phrases.py --misses         # also list every line judged wrongly
    .venv/bin/python bench/phrases.py --dir DIR        # another directory of <lang>.json phrasebooks

A phrasebook (docs/standards.md, "Phrasebooks") holds lines a native coach wrote for each family of
dismissive language, polite traps that share their words, sincere thanks and look-alikes, and hold
apologies and look-alikes. Each line is judged in a two-turn call: the customer's line (its
"context", or a neutral one) and then the agent's line; a hold line follows a hold. Recall is over
the lines that should be flagged; precision counts the flags raised on lines that should pass.
Nothing here is collected by pytest; it needs no database.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.quality import LANGUAGES, judge, load, ratio  # noqa: E402
from crm.standards.manager import collect_standards, make_plugin_manager  # noqa: E402

PHRASES = Path(__file__).resolve().parent / "phrases"

# What the customer says before the agent's line when the phrasebook gives no context.
NEUTRAL = {
    "en": "I'm calling about my order from last week.",
    "ms": "Saya nak tanya pasal pesanan saya minggu lepas.",
    "cs": "Volám kvůli své objednávce z minulého týdne.",
    "fi": "Soitan viime viikon tilauksesta.",
    "ro": "Sun în legătură cu comanda mea de săptămâna trecută.",
}

# list name -> (check, the verdict a correct check gives, whether the line follows a hold)
LISTS = {
    "dismissive": ("courtesy.positive_language", "flag", False),
    "polite": ("courtesy.positive_language", "pass", False),
    "thanks": ("courtesy.thanks", "pass", False),
    "not_thanks": ("courtesy.thanks", "flag", False),
    "hold_apology": ("hold.apology", "pass", True),
    "not_hold_apology": ("hold.apology", "flag", True),
}


def call(language: str, entry: dict, hold: bool) -> dict:
    customer = entry.get("context") or NEUTRAL[language]
    lines = [f"Customer: {customer}"]
    if hold:
        lines.append("Agent: [hold 90 s]")
    lines.append(f"Agent: {entry['text']}")
    return {"transcript": "\n".join(lines), "holds": [{"seconds": 90}] if hold else []}


def measure(directory: Path, languages, misses: bool) -> tuple[list[str], list[str]]:
    standards = collect_standards(make_plugin_manager(load_entry_points=False))
    rows, wrong = [], []
    for language in languages:
        path = directory / f"{language}.json"
        if not path.exists():
            continue
        book = load(path)
        counts = {name: Counter() for name in LISTS}
        families: dict[str, Counter] = {}
        for name, (check, right, hold) in LISTS.items():
            for entry in book.get(name, []):
                said = judge(standards, call(language, entry, hold), language)[check]
                counts[name][said == right] += 1
                if name == "dismissive":
                    families.setdefault(entry.get("family", "?"), Counter())[said == right] += 1
                if said != right and misses:
                    wrong.append(f"{language} {name}/{entry.get('family', '')}: said {said}: {entry['text']}")
        cells = [f"{ratio(c[True], sum(c.values()))} ({sum(c.values())})" for c in counts.values()]
        by_family = ", ".join(f"{f} {ratio(c[True], sum(c.values()))}" for f, c in sorted(families.items()))
        rows.append(f"| {language} | " + " | ".join(cells) + f" | {by_family} |")
    return rows, wrong


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=PHRASES)
    parser.add_argument("--language", action="append", choices=LANGUAGES)
    parser.add_argument("--misses", action="store_true", help="list every line judged wrongly")
    args = parser.parse_args(argv)
    rows, wrong = measure(args.dir, tuple(args.language or LANGUAGES), args.misses)
    print("| language | dismissive flagged | polite passed | thanks heard | not-thanks ignored "
          "| hold apology heard | not-apology ignored | dismissive flagged by family |\n"
          "|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    if wrong:
        print("\njudged wrongly:\n  " + "\n  ".join(wrong))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
