#!/usr/bin/env python
"""Why the tone model flags polite negated lines (docs/standards.md, "The tone model", session 15).

    .venv/bin/python bench/tone_twins.py            # ~5 minutes on a quiet 2-core machine; needs .[train]
    .venv/bin/python bench/tone_twins.py --parts    # only what carries each line's score in the shipped model (seconds)

Reads the training data as scripts/train-tone-model does (every labelled call of bench/corpus and
bench/heldout, the phrasebooks, bench/tone) and prints:
- per language, the share of the labelled turns with a negation word among dismissive and polite turns
  (what class balance teaches the model about negation);
- the model trained on all of it with the shipped reading (crm.standards.builtin.tone.features) and
  with two other readings, each line's probability: "negated-only" (the words a negation governs read
  only as negated, the negation word itself giving no word feature of its own) and "long-grams"
  (character n-grams only of words of four letters or more: "tak", "not", "ne", "my" read as words);
- for the lines the model on flags in tests/standards (the polite twins), idioms of friendly
  reassurance, and curt lines that must stay flagged. "!" marks a probability at or above the
  language's shipped threshold. In-sample (trained on everything, as the shipped model): it shows how
  each reading weighs these lines, not how it does on an unseen writer (that is
  `scripts/train-tone-model --evaluate-only`). Nothing here is collected by pytest.
"""
from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from crm.standards.builtin import tone  # noqa: E402
from crm.standards.language import lemma, tokens  # noqa: E402

# (language, kind, line): twin = a polite twin of tests/standards the model on flags (session 15)
LINES = [
    ('en', 'twin', "My son can't stand the new app either, to be honest."),
    ('ro', 'twin', 'V-am spus ce scrie în sistem: livrarea e joi.'),
    ('ro', 'twin', 'Scrieți ce vreți în câmpul de observații, îl citește curierul.'),
    ('ms', 'twin', 'Printer ni degil la sikit, kena tekan dua kali.'),
    ('ms', 'twin', 'Lain kali jangan klik link macam tu ya, itu scam.'),
    ('ms', 'twin', 'Bukan salah sendiri pun, tarikh luput tu memang tak jelas.'),
    ('ms', 'twin', 'Budak sekolah pun kadang-kadang susah nak buat benda ni, tak apa.'),
    ('ms', 'twin', 'Syarat tetap syarat yang sama macam dulu, tak ada caj baru.'),
    ('en', 'twin', 'Whether you take it or not, you keep the refund.'),
    ('cs', 'twin', 'Nevím, jestli si to chcete vzít nebo ne, rozmyslete si to.'),
    ('en', 'twin', "You probably didn't get the email, let me resend it."),
    ('en', 'twin', 'No offence taken, honestly.'),
    ('en', 'twin', 'Did you agree to the new terms in the app?'),
    ('en', 'twin', 'It looks like the system entered the wrong date, my mistake.'),
    ('cs', 'twin', 'Nic jste neudělala špatně, to se stává.'),
    ('en', 'idiom', "Oh no, don't beat yourself up about it, it happens to loads of people."),
    ('en', 'idiom', "There's nothing to apologise for, honestly."),
    ('en', 'idiom', "It's not your fault at all, the form is confusing."),
    ('cs', 'idiom', 'To si nevyčítejte, to se stává spoustě lidí.'),
    ('ms', 'idiom', 'Jangan salahkan diri sendiri, benda ni jadi kat ramai orang.'),
    ('fi', 'idiom', 'Ei se ole teidän vikanne, lomake on sekava.'),
    ('ro', 'idiom', 'Nu e vina dumneavoastră, formularul e derutant.'),
    ('ro', 'idiom', 'Nu aveți pentru ce să vă cereți scuze.'),
    ('en', 'curt', "It's not my problem, take it up with the courier."),
    ('en', 'curt', "You didn't read the email, that's not on us."),
    ('cs', 'curt', 'To není můj problém, obraťte se na dopravce.'),
    ('cs', 'curt', 'Udělala jste to špatně, to je vaše chyba.'),
    ('ms', 'curt', 'Bukan masalah saya, pergi tanya kurier.'),
    ('fi', 'curt', 'Ei kuulu meille, soittakaa kuriirille.'),
    ('ro', 'curt', 'Nu e problema mea, sunați la curier.'),
    ('ro', 'curt', 'Nu ați citit contractul, asta e.'),
    ('en', 'twin', "There's no need to type the reference, I've found it."),
    ('en', 'twin', "It's entirely up to you, both options are fine.")
]


def _trainer():
    loader = importlib.machinery.SourceFileLoader("train_tone_model", str(ROOT / "scripts" / "train-tone-model"))
    spec = importlib.util.spec_from_loader("train_tone_model", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def negated_only_words(text, language):
    """tone.words, but a word a negation governs gives only its negated lemma, and a negation word no
    word feature of its own (pairs are kept)."""
    out, negations = [], tone.NEGATIONS.get(language or "", frozenset())
    previous, negated_until, scope = None, -1, None
    for i, token in enumerate(tokens(text)):
        lem = lemma(token.lower, language) if language else token.folded
        prefixed = language == "cs" and token.folded.startswith("ne") and not lem.startswith("ne")
        if i <= negated_until and scope == token.clause:
            out.append("\tn " + lem)
        elif prefixed:
            out.append("\tw " + token.folded)
        elif token.folded not in negations:
            out += ["\tw " + token.folded, "\tl " + lem]
        if previous is not None and previous[0].sentence == token.sentence:
            out += [f"\tw {previous[0].folded} {token.folded}", f"\tl {previous[1]} {lem}"]
        if token.folded in negations:
            negated_until, scope = i + tone.NEGATED_WORDS, token.clause
        elif prefixed:
            out.append("\tn " + lem)
            negated_until, scope = i + tone.NEGATED_WORDS, token.clause
        previous = (token, lem)
    return out


def long_grams(text):
    return [g for word in text.split() if sum(ch.isalpha() for ch in word) >= 4 for g in tone._written_grams(word)]


READINGS = {
    "shipped": tone.features,
    "negated-only": lambda text, language: tone.grams(text) + negated_only_words(text, language),
    "long-grams": lambda text, language: long_grams(text) + tone.words(text, language),
}


def has_negation(text, language) -> bool:
    negations = tone.NEGATIONS.get(language, frozenset())
    return any(t.folded in negations or (language == "cs" and t.folded.startswith("ne") and len(t.folded) > 3)
               for t in tokens(text))


def parts() -> None:
    """Each twin's log-odds on the shipped model split into its character n-grams and its word features
    (tf-idf weighted and normalised as the model scores), and its five largest single parts."""
    import math
    model = tone.model()
    print("| line | probability | n-grams | words | largest parts |")
    print("|---|---|---|---|---|")
    for lang, kind, line in LINES:
        if kind != "twin":
            continue
        values, square = {}, 0.0
        for feature, count in Counter(tone.features(line, lang)).items():
            known = model.weights.get(feature)
            if known is None:
                continue
            value = (1.0 + math.log(count)) * known.real
            square += value * value
            values[feature] = value * known.imag
        norm = math.sqrt(square) or 1.0
        ranked = sorted(((v / norm, f) for f, v in values.items()), reverse=True)
        grams = sum(v for v, f in ranked if not f.startswith("\t"))
        word_part = sum(v for v, f in ranked if f.startswith("\t"))
        top = ", ".join(f"{f.strip()!r} {v:+.2f}" for v, f in ranked[:5])
        print(f"| {line} | {model.probability(line, lang):.2f} | {grams:+.2f} | {word_part:+.2f} | {top} |")


def main() -> int:
    if "--parts" in sys.argv[1:]:
        parts()
        return 0
    ttm = _trainer()
    paths = sorted((ROOT / "bench" / "corpus").glob("*.json")) + sorted((ROOT / "bench" / "heldout").glob("*.json"))
    read = ttm._checker()
    calls, book, polite = ttm.writer_calls(paths, read), ttm.phrasebook_lines(read), ttm.polite_lines()
    labelled = [(r["line"], int(r["dismissive"])) for r in book + polite if tone.judged(r["line"][0])]
    for r in calls:
        labelled += [(t, 0) for t in r["turns"]] if not r["dismissive"] else [(t, 1) for t in r["attributed"]]
    counts = Counter((turn[1], label, has_negation(*turn)) for turn, label in labelled)
    print("| language | dismissive turns with a negation | polite turns with a negation |")
    print("|---|---|---|")
    for lang in ttm.LANGUAGES:
        cells = []
        for label in (1, 0):
            yes, no = counts[(lang, label, True)], counts[(lang, label, False)]
            cells.append(f"{yes / max(1, yes + no):.2f} ({yes} of {yes + no})")
        print(f"| {lang} | " + " | ".join(cells) + " |")
    thresholds = tone.model().thresholds
    scored = {}
    for name, reading in READINGS.items():
        ttm.features = reading
        turns = [r["line"] for r in book + polite if tone.judged(r["line"][0])]
        for r in calls + book:
            turns += r.get("turns", []) + r.get("eligible", [])
        turns += [(line, lang) for lang, _, line in LINES]
        table = ttm.Features(turns)
        scored[name] = ttm.train(table, book + polite, calls)([(line, lang) for lang, _, line in LINES])
        print(f"  {name} trained", file=sys.stderr)
    print()
    print("| kind | language | line | " + " | ".join(READINGS) + " |")
    print("|---|---|---|" + "---|" * len(READINGS))
    for i, (lang, kind, line) in enumerate(LINES):
        threshold = thresholds.get(lang, 0.85)
        cells = [f"{scored[n][i]:.2f}{'!' if scored[n][i] >= threshold else ''}" for n in READINGS]
        print(f"| {kind} | {lang} | {line} | " + " | ".join(cells) + " |")
    for kind in ("twin", "idiom", "curt"):
        flagged = {n: sum(scored[n][i] >= thresholds.get(lang, 0.85) for i, (lang, k, _) in enumerate(LINES) if k == kind)
                   for n in READINGS}
        print(f"{kind}: flagged " + ", ".join(f"{n} {v}" for n, v in flagged.items())
              + f" of {sum(k == kind for _, k, _ in LINES)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
