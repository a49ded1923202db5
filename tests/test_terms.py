"""Key terms: the value the reader needs, quoted, or "not stated" — table-driven."""

from __future__ import annotations

import pytest

import beforeyousign


def term(text: str, name: str) -> tuple[object, str | None]:
    report = beforeyousign.analyse_text(text)
    found = next(t for t in report.terms if t.name == name)
    return found.value, found.evidence.quote if found.evidence else None


@pytest.mark.parametrize(
    ("text", "name", "expected_quote"),
    [
        # duration: the contract's term, not leave, probation or notice
        (
            "Работнику предоставляется отпуск 28 календарных дней.\n"
            "Договор заключается на срок 6 месяцев.",
            "duration",
            "6 месяцев",
        ),
        ("Испытательный срок — 1 (один) месяц.", "duration", None),
        ("Contract: 12 months. Probation 3 months.", "duration", "12 months"),
        (
            "Военнослужащий обязуется проходить службу в течение одного года.",
            "duration",
            "одного года",
        ),
        # counterparty: a blank signature line is not a counterparty
        ("Работодатель: ____________ /подпись/", "counterparty", None),
        ("Employer: Harbour View Hotel Ltd", "counterparty", "Harbour View Hotel Ltd"),
        (
            "Контракт с Министерством обороны Российской Федерации.",
            "counterparty",
            "Министерством обороны Российской Федерации",
        ),
        # role: a real job, not «в лице», not the parties
        (
            "На должность стрелок мотострелкового отделения.",
            "role",
            "стрелок мотострелкового отделения",
        ),
        ("Position: kitchen helper", "role", "kitchen helper"),
        # exit terms: a clause that says something, not the heading above it
        (
            "5. ПРЕКРАЩЕНИЕ ДОГОВОРА\n5.1. Работник вправе расторгнуть настоящий договор, "
            "предупредив Работодателя за две недели.",
            "exit_terms",
            "5.1. Работник вправе расторгнуть настоящий договор, предупредив Работодателя за две "
            "недели.",
        ),
        ("Contract 1 year. Salary 200,000 RUB.", "exit_terms", None),
        # place
        (
            "Место работы: г. Новосибирск, ул. Станционная, д. 30",
            "place",
            "г. Новосибирск, ул. Станционная, д. 30",
        ),
        (
            "обязуется проходить ее в районах проведения специальной военной операции",
            "place",
            "в районах проведения специальной военной операции",
        ),
        ("Работник принимается на работу.", "place", None),
        # signature clause
        (
            "С условиями контракта ознакомлен.",
            "signature_clause",
            "С условиями контракта ознакомлен.",
        ),
        (
            "I have read and understood this agreement.",
            "signature_clause",
            "I have read and understood this agreement.",
        ),
    ],
)
def test_key_term(text: str, name: str, expected_quote: str | None) -> None:
    value, quote = term(text, name)
    assert quote == expected_quote
    assert (value is None) == (expected_quote is None)


def test_pay_and_one_time_payment_are_told_apart() -> None:
    report = beforeyousign.analyse_text(
        "Денежное довольствие 210 000 рублей в месяц. Единовременная выплата 195 000 рублей."
    )
    terms = {t.name: t for t in report.terms}
    assert terms["pay"].value is not None and terms["pay"].value["amount"] == 210000
    assert terms["pay"].value["period"] == "month"
    one_time = terms["one_time_payment"].value
    assert one_time is not None and one_time["amount"] == 195000


def test_every_term_is_listed_even_when_not_stated() -> None:
    report = beforeyousign.analyse_text("Hello, how are you doing today my friend?")
    assert [t.name for t in report.terms][:3] == ["counterparty", "role", "duration"]
    assert all(not t.stated for t in report.terms if t.name != "document_language")
