"""Optical character recognition: page images in, words with boxes and confidences out.

The rest of the program never sees an image: :mod:`beforeyousign.ingest` turns the words
into a Document whose blocks carry each word's box, so analysis quotes OCR'd text exactly
as it quotes a text file, and a report can still outline the words on the photo.

The engine sits behind :class:`~beforeyousign.ocr.model.OcrEngine` so that unit tests of
the code around it can use a light fake; end-to-end tests use the real Tesseract.
"""

from beforeyousign.ocr.model import OcrEngine, OcrPage, OcrWord, Orientation

__all__ = ["OcrEngine", "OcrPage", "OcrWord", "Orientation"]
