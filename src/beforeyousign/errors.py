"""One hierarchy of typed errors, converted once at each edge.

Every error carries a gettext message id (what went wrong and what the user can do), the
parameters for it, a process exit code for the CLI and an HTTP status for the web service.
Messages are translated only when shown, so the same error reads well in any language.
The exit codes are documented in ``docs/exit-codes.md``; keep the two in step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar


def N_(message: str) -> str:
    """Mark a string for extraction into the catalogs without translating it here."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular/plural pair (for ``Translator.plural``) for extraction into the
    catalogs as one plural message, without translating it here."""
    return singular, plural


# Error parameters that hold a marked msgid (a format name, a file kind) rather than data
# such as a file name: only these are translated when the message is shown.
TRANSLATED_PARAMS = frozenset({"found", "kind"})


def message_params(
    params: dict[str, str | int], translate: Callable[[str], str]
) -> dict[str, object]:
    """The parameters of an error message, with the translatable ones translated."""
    return {k: translate(v) if k in TRANSLATED_PARAMS and isinstance(v, str) else v
            for k, v in params.items()}  # fmt: skip


class BeforeYouSignError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code: ClassVar[int] = 1
    http_status: ClassVar[int] = 500
    code: ClassVar[str] = "internal"
    message_id: ClassVar[str] = N_("Something went wrong while reading this file.")

    def __init__(self, **params: str | int) -> None:
        self.params: dict[str, str | int] = dict(params)
        super().__init__(self.message_id.format(**self.params) if self.params else self.message_id)


class InputError(BeforeYouSignError):
    """The input cannot be analysed as it is; the user can do something about it."""

    exit_code = 3
    http_status = 422
    code = "unreadable_input"


class FileNotReadable(InputError):
    code = "file_not_readable"
    message_id = N_("Cannot open {name}: check that the file exists and that you may read it.")


class EmptyInput(InputError):
    code = "empty_input"
    message_id = N_("{name} holds no text to read. Check that you chose the right file.")


class UnsupportedFormat(InputError):
    exit_code = 4
    http_status = 415
    code = "unsupported_format"
    message_id = N_(
        "{name} is not a format this tool reads (found: {found}). "
        "Send a PDF, a Word (DOCX) file, an HTML page or plain text."
    )


class CorruptFile(InputError):
    code = "corrupt_file"
    message_id = N_(
        "{name} looks like a {kind} file but it is damaged or incomplete. "
        "Ask for the file again, or take a photo of each page."
    )


class EncryptedFile(InputError):
    code = "encrypted_file"
    message_id = N_(
        "{name} is protected by a password, so it cannot be read. "
        "Ask for a copy without a password, or take a photo of each page."
    )


class NeedsOCR(InputError):
    exit_code = 5
    code = "needs_ocr"
    message_id = N_(
        "{name} is a picture or a scan, and reading pictures (OCR) is not installed here. "
        "Install Tesseract (see the README), paste or type the text, or ask for a PDF or "
        "Word file."
    )


class NoTextFound(InputError):
    """A picture in which OCR found no text: a photo of something else, pure noise, or a
    page too dark, blurred or small to read."""

    exit_code = 5
    code = "no_text_found"
    message_id = N_(
        "No text could be read in {name}. If it is a photo of a paper, retake it in "
        "daylight, flat, with the whole page in the frame, one page per photo."
    )


class InputTooLarge(InputError):
    exit_code = 6
    http_status = 413
    code = "input_too_large"
    message_id = N_(
        "{name} is too large ({size} bytes; the limit is {limit} bytes). "
        "Send the contract pages only, or split the file."
    )


class ImageTooLarge(InputError):
    exit_code = 6
    http_status = 413
    code = "image_too_large"
    message_id = N_(
        "{name} has too many pixels to read safely (the limit is {limit} pixels). "
        "Take the photo again with the camera's normal settings, one page per photo."
    )


class TimeLimitExceeded(InputError):
    """Nothing of the document could be read within the per-document time limit
    (``--max-seconds``). When part of it was read, that part is reported instead, with a
    ``time_limit`` notice."""

    exit_code = 6
    http_status = 422
    code = "time_limit"
    message_id = N_(
        "{name} takes too long to read (the limit is {seconds} seconds a document). "
        "Send the contract pages only, or split the file."
    )


class MemoryLimitExceeded(InputError):
    """Reading or analysing the document needed more memory than the process may use
    (``--max-memory-mb``, or what the computer has)."""

    exit_code = 6
    http_status = 413
    code = "memory_limit"
    message_id = N_(
        "{name} needs more memory to read than this computer allows. "
        "Send the contract pages only, or split the file."
    )


class LabelsError(BeforeYouSignError):
    """The evaluation labels file is missing or malformed."""

    exit_code = 7
    http_status = 400
    code = "bad_labels"
    message_id = N_("Cannot use the labels in {path}: {reason}")


class RulePackError(BeforeYouSignError):
    """A YAML rule pack is malformed: names the file and the field so an editor can fix it."""

    exit_code = 8
    code = "bad_rule_pack"
    message_id = N_("Rule pack {path} is not valid at {field}: {reason}")


class ContactsError(BeforeYouSignError):
    """A help-contacts file (``--contacts``) is malformed: names the file and the field."""

    exit_code = 8
    code = "bad_contacts_file"
    message_id = N_("Help contacts file {path} is not valid at {field}: {reason}")


class OutputUnavailable(BeforeYouSignError):
    """The paper was read, but the report cannot be made in the form asked for (a spoken
    report in a language with no voice, a program the output needs that is missing)."""

    exit_code = 10
    http_status = 422
    code = "output_unavailable"
    message_id = N_("This report cannot be made in the form you asked for.")


class SpeechLanguageUnavailable(OutputUnavailable):
    code = "speech_language_unavailable"
    message_id = N_(
        "Spoken reports are not available in {language} yet. Ask for the report as a page "
        "(--format html or pdf) and have someone you trust read it to you."
    )


class SpeechEngineMissing(OutputUnavailable):
    http_status = 501
    code = "speech_engine_missing"
    message_id = N_(
        "Spoken reports need the espeak-ng program, which is not installed on this computer. "
        "Ask for the report as a page (--format html or pdf) instead."
    )
