#!/usr/bin/env python3
"""Language identification: accuracy and speed of Storyline's identifier beside its peers.

    python benchmarks/languages.py [--peers]

Two labelled sets, neither drawn from what the rules were tuned on:
- ``benchmarks/data/languages.jsonl``: news paragraphs we wrote in 13 languages
  (4 each, 200+ characters);
- the example sentences that ship inside spaCy (``spacy/lang/*/examples.py``) in
  every language both spaCy and the identifier know, packed into paragraphs of 200+
  characters in their order (no sentence used twice).

Prints accuracy on each set and documents per second for Storyline's identifier
(py3langid, through ``storyline.text.language``) and, with ``--peers`` (installed by
``pip install -e '.[bench]'``), for lingua-language-detector and langdetect on the same
paragraphs.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storyline.text.language import detect_language, known_languages  # noqa: E402

# A paragraph of the spaCy set holds at least this many characters (the target
# is stated for paragraphs of 200+ characters).
MIN_CHARS = 200


def written_set() -> list[tuple[str, str]]:
    rows = [json.loads(x) for x in (ROOT / "benchmarks" / "data" / "languages.jsonl").read_text().splitlines() if x]
    return [(r["lang"], r["text"]) for r in rows]


def spacy_set(known: frozenset[str]) -> list[tuple[str, str]]:
    """spaCy's example sentences in the languages ``known`` (by every identifier
    measured), packed into paragraphs of MIN_CHARS or more."""
    import spacy

    out: list[tuple[str, str]] = []
    for folder in sorted((Path(spacy.__file__).parent / "lang").glob("*/examples.py")):
        lang = folder.parent.name
        if lang not in known:
            continue
        sentences = importlib.import_module(f"spacy.lang.{lang}.examples").sentences
        current = ""
        for s in sentences:
            current = f"{current} {s}".strip()
            if len(current) >= MIN_CHARS:
                out.append((lang, current))
                current = ""
    return out


def score(name: str, fn, samples: list[tuple[str, str]]) -> dict:
    t = time.perf_counter()
    guesses = [fn(text) for _, text in samples]
    seconds = time.perf_counter() - t
    wrong = Counter((lang, g) for (lang, _), g in zip(samples, guesses, strict=True) if g != lang)
    right = len(samples) - sum(wrong.values())
    return {
        "identifier": name,
        "accuracy": right / len(samples),
        "n": len(samples),
        "docs_per_s": len(samples) / seconds,
        "errors": dict(wrong.most_common(5)),
    }


def peers() -> tuple[dict, frozenset[str]]:
    """The peer identifiers, and the languages every one of them knows."""
    out = {}
    known = known_languages()
    try:
        from lingua import Language, LanguageDetectorBuilder

        detector = LanguageDetectorBuilder.from_all_languages().build()
        known &= {x.iso_code_639_1.name.lower() for x in Language.all()}

        def lingua_fn(text: str) -> str | None:
            found = detector.detect_language_of(text)
            return found.iso_code_639_1.name.lower() if found else None

        out["lingua-language-detector"] = lingua_fn
    except ImportError:
        print("lingua-language-detector not installed (pip install -e '.[bench]')", file=sys.stderr)
    try:
        import langdetect

        langdetect.DetectorFactory.seed = 0
        profiles = Path(langdetect.__file__).parent / "profiles"
        known &= {p.name.split("-")[0] for p in profiles.iterdir()}

        def langdetect_fn(text: str) -> str | None:
            try:
                code = langdetect.detect(text)
            except langdetect.LangDetectException:  # "no features in text"
                return None
            return {"zh-cn": "zh", "zh-tw": "zh"}.get(code, code)

        out["langdetect"] = langdetect_fn
    except ImportError:
        print("langdetect not installed (pip install -e '.[bench]')", file=sys.stderr)
    return out, known


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--peers", action="store_true", help="also measure lingua and langdetect")
    args = ap.parse_args()
    identifiers = {"storyline (py3langid)": detect_language}
    known = known_languages()
    if args.peers:
        others, known = peers()
        identifiers.update(others)
    sets = {"written": written_set(), "spaCy examples": spacy_set(known)}
    sets = {f"{k} ({len({lang for lang, _ in v})} languages)": v for k, v in sets.items()}
    detect_language("warm up the model")
    print(f"{'set':<32} {'identifier':<26} {'accuracy':>9} {'n':>5} {'docs/s':>9}  errors (gold, guess)")
    for set_name, samples in sets.items():
        for name, fn in identifiers.items():
            r = score(name, fn, samples)
            print(f"{set_name:<32} {name:<26} {r['accuracy']:>9.3f} {r['n']:>5} {r['docs_per_s']:>9.0f}  {r['errors']}")


if __name__ == "__main__":
    main()
