#!/usr/bin/env python
"""What each part of a gunicorn master's preload costs in memory, step by step, in one process.

    .venv/bin/python bench/preload_memory.py                      # this checkout
    .venv/bin/python bench/preload_memory.py --code /path/to/src  # another checkout's crm package
    .venv/bin/python bench/preload_memory.py --tracemalloc        # and the Python objects each step keeps

Imports the app, builds it (create_app), then runs the steps of crm.standards.language.warm_up() one
by one (the lingua detector, the lemma dictionaries, each lexicon compiled and warmed up, the
tone model, the feedback model), and last what gunicorn.conf.py does before it forks (gc.freeze, the
allocator's free pages handed back). After each step it prints the process's resident memory
(VmRSS, what a worker forked then starts with) and its change; with --tracemalloc also the Python
objects alive and their change (tracemalloc's own bookkeeping then inflates the RSS column). The
figures do not depend on the machine's load: run it once per checkout.
"""
from __future__ import annotations

import argparse
import gc
import sys
import tracemalloc
from pathlib import Path


def resident_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status (Linux only)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="the checkout whose crm package is measured (default: this one)")
    parser.add_argument("--tracemalloc", action="store_true", help="also the Python objects each step keeps")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    if args.tracemalloc:
        tracemalloc.start()
    last = [resident_mb(), 0.0]

    def step(name: str) -> None:
        rss = resident_mb()
        line = f"{name:34s} RSS {rss:6.1f} MB ({rss - last[0]:+6.1f})"
        if args.tracemalloc:
            objects = tracemalloc.get_traced_memory()[0] / 2**20
            line += f"   Python objects {objects:6.1f} MB ({objects - last[1]:+6.1f})"
            last[1] = objects
        last[0] = rss
        print(line, flush=True)

    step("interpreter")
    import crm
    step("import crm")
    crm.create_app()
    step("create_app()")
    from crm.standards import language
    language.detector().compute_language_confidence_values("hello")
    step("lingua detector")
    for code in language.preload_languages():
        language.lemma("test", code)
    step("lemma dictionaries")
    from crm.standards.builtin.lexicon import load_patterns
    for name in ("thanks", "negative", "apology", "feedback"):
        lexicon = load_patterns(name)
        step(f"lexicon {name}: compiled")
        lexicon.warm_up()
        step(f"lexicon {name}: warm_up()")
    from crm.standards.builtin import feedback_model, tone
    tone.model()
    step("tone model")
    feedback_model.model()
    step("feedback model")
    gc.freeze()
    try:
        import ctypes
        ctypes.CDLL(None).malloc_trim(0)
        step("gc.freeze(), malloc_trim(0)")
    except (OSError, AttributeError):
        step("gc.freeze() (no malloc_trim here)")


if __name__ == "__main__":
    main()
