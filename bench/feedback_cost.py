"""CPU of the feedback classifier per call, on every feedback case of bench/corpus and bench/heldout.

    .venv/bin/python bench/feedback_cost.py                 # this checkout
    .venv/bin/python bench/feedback_cost.py --root OTHER    # another checkout's crm/ (e.g. a git archive)
    .venv/bin/python bench/feedback_cost.py --backstop      # this checkout, the learned backstop off and on, alternated

Warms up on every case once (lexicons compiled, dictionaries loaded), then classifies each case three
times, each time made new (a marker added to the summary and the transcript) so no remembered match
helps, and prints milliseconds of CPU (time.process_time) per call for each pass. Meant for comparing
two checkouts: run them alternately on the same machine. Nothing here is collected by pytest.
"""
from __future__ import annotations

import argparse
import glob
import json
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=BENCH.parent, help="the checkout whose crm/ is measured")
    parser.add_argument("--backstop", action="store_true",
                        help="alternate the phrase patterns alone and with the learned backstop, in one process")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.root.resolve()))
    from crm.standards.builtin.classifier import classify
    if args.backstop:
        from crm.standards.builtin.classifier import suggest

        def joined(summary, transcript):
            return "\n".join(t for t in (summary, transcript) if t.strip())

    cases = []
    for folder in ("corpus", "heldout"):
        for name in sorted(glob.glob(str(BENCH / folder / "*.json"))):
            language = Path(name).name[:2]
            data = json.loads(Path(name).read_text(encoding="utf-8"))
            cases += [(c.get("summary", ""), c.get("transcript", ""), language) for c in data.get("feedback", [])]
    for case in cases:
        classify(*case)
    if args.backstop:
        for n in range(3):
            for backstop in (False, True):
                started = time.process_time()
                for i, (summary, transcript, language) in enumerate(cases):
                    suggest(joined(f"{summary} ({n}-{i}-{backstop})", f"{transcript}\nCustomer: ok {n}{i}{backstop}"),
                            language, backstop=backstop)
                print(f"backstop {'on ' if backstop else 'off'}: {len(cases)} calls, ms of CPU per call: "
                      f"{(time.process_time() - started) / len(cases) * 1000:.2f}")
        return 0
    passes = []
    for n in range(3):
        started = time.process_time()
        for i, (summary, transcript, language) in enumerate(cases):
            classify(f"{summary} ({n}-{i})", f"{transcript}\nCustomer: ok {n}{i}", language)
        passes.append((time.process_time() - started) / len(cases) * 1000)
    print(f"{args.root}: {len(cases)} calls, ms of CPU per call: " + " ".join(f"{p:.2f}" for p in passes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
