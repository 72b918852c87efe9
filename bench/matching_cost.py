"""CPU of the lexicon matching of the three courtesy and hold checks, per transcript.

    .venv/bin/python bench/matching_cost.py

Warms up on every bench/corpus transcript (dictionaries, lemmas and compiled lexicons loaded), then
times courtesy.positive_language's, courtesy.thanks' and hold.apology's matching
(dismissive_found, thanks_found, hold_apologies) on every bench/heldout transcript, each seen for
the first time; the shared analysis of a transcript is done before and not timed. CPU is
time.process_time. Meant for comparing lexicon changes: run it on two checkouts alternately.
Nothing here is collected by pytest.
"""
from __future__ import annotations

import glob
import json
import statistics
import time
from pathlib import Path

from crm.standards.builtin.courtesy import dismissive_found, thanks_found
from crm.standards.builtin.holds import hold_apologies
from crm.standards.language import analyse

BENCH = Path(__file__).resolve().parent


def calls(folder: Path):
    for name in sorted(glob.glob(str(folder / "*.json"))):
        data = json.loads(Path(name).read_text(encoding="utf-8"))
        for call in data["transcripts"]:
            yield call["transcript"], data["language"]


def main() -> None:
    for text, language in calls(BENCH / "corpus"):
        analysis = analyse(text, language)
        dismissive_found(analysis), thanks_found(analysis), hold_apologies(analysis)
    times = []
    for text, language in calls(BENCH / "heldout"):
        analysis = analyse(text, language)
        start = time.process_time()
        dismissive_found(analysis), thanks_found(analysis), hold_apologies(analysis)
        times.append(time.process_time() - start)
    print(f"{len(times)} transcripts: mean {1000 * statistics.mean(times):.3f} ms, "
          f"median {1000 * statistics.median(times):.3f} ms of CPU each")


if __name__ == "__main__":
    main()
