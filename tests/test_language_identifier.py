"""The sped-up py3langid model (``language/identifier.py``) scores exactly as py3langid does.

Both speed-ups claim to change no number: the memoised walk gives the same feature counts in
the same order, and the float32 feature table gives the same products.  Checked against a
plain py3langid identifier on real documents, generated posts and odd texts.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from beforeyousign.language import detect, identifier

langid = pytest.importorskip("py3langid.langid")

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ["corpus", "holdout", "holdout2", "holdout3", "holdout4"]


def _texts() -> list[str]:
    folders = [ROOT / "tests" / f for f in FOLDERS]
    texts = [p.read_text("utf-8", "replace") for d in folders for p in sorted(d.glob("*.txt"))]
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from _posts import generate_posts
    finally:
        sys.path.remove(str(ROOT / "bench"))
    odd = ["", " ", "  two  spaces ", "\n\n", "ПАСПОРТ", "x" * 5000, "नेपाल मा काम", "١٢٣ ٤٥"]
    return texts + generate_posts(3000, seed=5) + odd


@pytest.fixture(scope="module")
def plain() -> object:
    return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)


def test_the_detector_uses_the_sped_up_model() -> None:
    model = detect._model()
    assert isinstance(model, langid.LanguageIdentifier)
    assert hasattr(model, "_walks")
    assert model.nb_ptc.dtype == np.float32


def test_pieces_cover_the_text_exactly() -> None:
    for text in _texts():
        data = text.encode("utf-8")
        assert b"".join(identifier._PIECE.findall(data)) == data


def test_memoised_walk_counts_the_same_features_in_the_same_order() -> None:
    model = detect._model()
    for text in _texts():
        data = model._encode(text)
        expected = langid.visit_counts(model.tk_nextmove, model._rowbase, model.tk_output, data)
        found = model._walks.visit_counts(data)
        assert (found is None) == (expected is None)
        if expected is not None:
            assert list(found.items()) == list(expected.items())


def test_scores_are_those_of_plain_py3langid(plain: object) -> None:
    model = detect._model()
    for text in _texts():
        assert np.array_equal(model._decide(text), plain._decide(text))  # type: ignore[attr-defined]
        assert model.rank(text) == plain.rank(text)  # type: ignore[attr-defined]


def test_the_memo_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    model = detect._model()
    monkeypatch.setattr(identifier, "MAX_WALKS", 50)
    for text in _texts()[:200]:
        model._walks.visit_counts(model._encode(text))
        assert len(model._walks._walks) <= 50
