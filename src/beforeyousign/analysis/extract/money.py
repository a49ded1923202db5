"""Money amounts in Russian, English and Spanish text, each with the exact span it came from.

:func:`find_money` returns one :class:`Money` per amount. A number becomes money only when
a currency goes with it: a sign or code before it (``$650``, ``USD 9,000``, ``Rs 1,50,000``),
a currency word after it (``290 тыс. руб.``, ``1 450 euros``, ``2 000 000 de rublos``), an
Indian multiplier (``1.5 lakh`` is rupees), or a Russian multiplier in a sentence about pay
(``280к в месяц``, ``подъёмные 1,5 млн``). Phone numbers, dates, clause numbers, percentages
and ages carry no currency and so are never money.

In a range (``от 200 до 250 тыс. руб.``, ``$600-800``, ``1.5 to 2 lakh per month``) each end is
its own :class:`Money`, and an end that lacks a multiplier, currency or period borrows it from
the other end.

Every pattern here is bounded (no unbounded quantifier can backtrack into another), so the
scan is linear in the length of the text.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from beforeyousign.analysis import prefilter

__all__ = ["Money", "find_money"]


@dataclass(frozen=True)
class Money:
    """One amount of money and where the text says it."""

    start: int  # span in the input text, end exclusive
    end: int
    amount: Decimal  # in units of the currency (multipliers applied)
    currency: str  # ISO 4217 code
    period: str | None  # "month" | "year" | "week" | "day" | "hour" | None
    one_time: bool  # a one-off payment (signing bonus, единовременная выплата)


# --- numbers -------------------------------------------------------------------------------

_NUMBER = re.compile(
    r"""
    (?<![\d+])(?<!\d[.,/:])
    (?:
        (?P<indian>\d{1,2}(?:,\d{2}(?!\d)){1,4},\d{3}(?:\.\d{1,2})?)
      | (?P<space>\d{1,3}(?:[\ \u00a0\u202f]\d{3}(?!\d)){1,5}(?:[.,]\d{1,2})?)
      | (?P<dot>\d{1,3}(?:\.\d{3}(?!\d)){1,5}(?:,\d{1,2})?)
      | (?P<comma>\d{1,3}(?:,\d{3}(?!\d)){1,5}(?:\.\d{1,2})?)
      | (?P<plain>\d{1,15}(?:[.,]\d{1,2})?)
    )
    (?!\d|[.,/:]\d)
    """,
    re.VERBOSE,
)


def _parse_number(m: re.Match[str]) -> tuple[Decimal, bool]:
    """The number's value, and whether it is a single thousands group (``2.300``, ``2,300``)."""
    raw = m.group(0)
    kind = m.lastgroup
    single_group = False
    if kind == "indian":
        digits = raw.replace(",", "")
    elif kind == "space":
        digits = re.sub(r"[ \u00a0\u202f]", "", raw).replace(",", ".")
    elif kind == "dot":
        single_group = raw.count(".") == 1 and "," not in raw
        digits = raw.replace(".", "").replace(",", ".")
    elif kind == "comma":
        single_group = raw.count(",") == 1 and "." not in raw
        digits = raw.replace(",", "")
    else:
        digits = raw.replace(",", ".")
    return Decimal(digits), single_group


# --- multipliers ---------------------------------------------------------------------------

_THOUSAND = Decimal(1000)
_MULT_VALUES: dict[str, Decimal] = {
    "thousand": _THOUSAND,
    "million": Decimal(1_000_000),
    "billion": Decimal(1_000_000_000),
    "lakh": Decimal(100_000),
    "crore": Decimal(10_000_000),
}
# (group name, pattern, multiplier kind, Russian?)
_MULTIPLIERS: list[tuple[str, str, str, bool]] = [
    ("m_tys", r"тыс(?:яч[аиу]?|\.|(?!\w))", "thousand", True),
    ("m_mln", r"(?:млн|миллион(?:а|ов)?)(?:\.|(?!\w))", "million", True),
    ("m_mlrd", r"(?:млрд|миллиард(?:а|ов)?)(?:\.|(?!\w))", "billion", True),
    ("m_lakh", r"(?:lakhs?|lacs?)(?!\w)", "lakh", False),
    ("m_crore", r"(?:crores?|cr\.)(?!\w)|cr(?!\w)", "crore", False),
    ("m_thousand", r"thousand(?!\w)", "thousand", False),
    ("m_million", r"(?:millions?|mln|mn|millones|millón|millon)(?!\w)", "million", False),
    ("m_billion", r"(?:billions?|bn)(?!\w)", "billion", False),
    ("m_mil", r"mil(?!\w)", "thousand", False),
]
_MULT = re.compile(
    r"\s{0,2}(?:" + "|".join(f"(?P<{n}>{p})" for n, p, _, _ in _MULTIPLIERS) + ")",
    re.IGNORECASE,
)
_MULT_INFO = {n: (kind, ru) for n, _, kind, ru in _MULTIPLIERS}
_K_ATTACHED = re.compile(r"[kKкК](?!\w)")
# «т.р.», «тр», «т. р.» — thousand roubles
_THOUSAND_RUB = re.compile(r"\s{0,2}т\.?\s?р(?:\.|(?!\w))", re.IGNORECASE)

# --- currencies ----------------------------------------------------------------------------

# (currency, pattern) after the number; tried in order, so longer names come first
_SUFFIX_CURRENCIES: list[tuple[str, str]] = [
    ("BYN", r"бел(?:\.|орусских)\s?руб(?:лей|ля|ль|\.|(?!\w))"),
    ("RUB", r"(?:российских\s)?руб(?:л(?:ей|я|ь|ям|ями|ях|ю|ем)|\.|(?!\w))"),
    ("RUB", r"₽|р(?:\.|(?!\w))|(?-i:RUB|RUR|rub)(?!\w)|r(?:o)?ubles?(?!\w)|rublos?(?!\w)"),
    ("USD", r"US\s?dollars?(?!\w)|(?-i:USD|usd|Usd)(?!\w)|US\$|\$"),
    ("USD", r"dollars?(?!\w)|d[óo]lar(?:es)?(?!\w)|долл(?:ар(?:ов|а|ы|ам)?|\.|(?!\w))"),
    ("EUR", r"€|(?-i:EUR|eur|Eur)(?!\w)|euros?(?!\w)|евро(?!\w)"),
    (
        "NPR",
        r"(?:Nepali|Nepalese)\s(?:rupees?|Rs\.?)(?!\w)|(?-i:NPR|npr)(?!\w)"
        r"|(?-i:NRs)(?:\.|(?!\w))",
    ),
    ("LKR", r"Sri\sLankan\s(?:rupees?|Rs\.?)(?!\w)|(?-i:LKR|lkr)(?!\w)"),
    ("PKR", r"Pakistani\srupees?(?!\w)|(?-i:PKR)(?!\w)"),
    ("INR", r"₹|(?:Indian\s)?rupees?(?!\w)|(?-i:INR|inr)(?!\w)|Rs(?:\.|(?!\w))"),
    ("GBP", r"£|(?-i:GBP)(?!\w)|pounds?(?:\ssterling)?(?!\w)|фунт(?:ов|а)?\sстерлингов"),
    ("AED", r"(?-i:AED|aed)(?!\w)|dirhams?(?!\w)|дирхам(?:ов|а)?(?!\w)|(?-i:Dhs?)(?:\.|(?!\w))"),
    ("KZT", r"₸|тенге(?!\w)|(?-i:KZT)(?!\w)"),
    ("UZS", r"сум(?:ов|а)?(?!\w)|(?-i:UZS)(?!\w)"),
    ("KGS", r"сом(?:ов|а)?(?!\w)|(?-i:KGS)(?!\w)"),
    ("TJS", r"сомони(?!\w)|(?-i:TJS)(?!\w)"),
    ("UAH", r"₴|грив(?:ен|ны|на|ень)(?!\w)|(?-i:UAH)(?!\w)"),
    ("CNY", r"¥|юан(?:ей|я|ь)(?!\w)|(?-i:CNY|RMB)(?!\w)"),
    ("MYR", r"ringgit(?!\w)|(?-i:MYR|RM)(?!\w)"),
    ("PLN", r"(?-i:PLN)(?!\w)|zł(?!\w)|złotys?(?!\w)|zloty(?!\w)"),
    ("DOP", r"pesos\sdominicanos(?!\w)|(?-i:DOP)(?!\w)"),
    ("CUP", r"pesos\scubanos(?!\w)|(?-i:CUP)(?!\w)"),
    ("MXN", r"pesos\smexicanos(?!\w)|(?-i:MXN)(?!\w)"),
    ("BDT", r"৳|taka(?!\w)|(?-i:BDT)(?!\w)"),
    ("PHP", r"₱|(?-i:PHP)(?!\w)"),
    ("TRY", r"₺|(?-i:TRY)(?!\w)"),
    ("SAR", r"(?-i:SAR)(?!\w)|riyals?(?!\w)"),
    ("QAR", r"(?-i:QAR)(?!\w)"),
    ("KWD", r"(?-i:KWD)(?!\w)"),
    ("NGN", r"₦|naira(?!\w)|(?-i:NGN)(?!\w)"),
    ("GHS", r"cedis?(?!\w)|(?-i:GHS)(?!\w)"),
    ("KES", r"(?-i:KES|KSh)(?!\w)"),
    ("EGP", r"(?-i:EGP)(?!\w)"),
    ("BYN", r"(?-i:BYN)(?!\w)"),
    ("CAD", r"(?-i:CAD)(?!\w)"),
    ("AUD", r"(?-i:AUD)(?!\w)"),
    ("JPY", r"(?-i:JPY)(?!\w)|yen(?!\w)"),
]
_SUFFIX = re.compile(
    r"\s{0,3}(?:de\s{1,2})?(?:"
    + "|".join(f"(?P<c{i}>{p})" for i, (_, p) in enumerate(_SUFFIX_CURRENCIES))
    + ")",
    re.IGNORECASE,
)

# (currency, pattern) before the number: a sign or code, then at most two spaces
_PREFIX_CURRENCIES: list[tuple[str, str]] = [
    ("USD", r"US\$|(?-i:USD)|\$"),
    ("EUR", r"€|(?-i:EUR)"),
    ("GBP", r"£|(?-i:GBP)"),
    ("NPR", r"(?-i:NRs)\.?|(?-i:NPR)|रू\.?|रु\.?"),
    ("LKR", r"(?-i:SLRs)\.?|(?-i:LKR)"),
    ("PKR", r"(?-i:PKR)"),
    ("INR", r"₹|(?-i:INR)|Rs\.?"),
    ("AED", r"(?-i:AED|Dhs?)\.?"),
    ("RUB", r"₽|(?-i:RUB)"),
    ("MYR", r"(?-i:RM|MYR)"),
    ("SAR", r"(?-i:SAR)"),
    ("QAR", r"(?-i:QAR)"),
    ("KWD", r"(?-i:KWD)"),
    ("PLN", r"(?-i:PLN)"),
    ("KZT", r"₸|(?-i:KZT)"),
    ("UAH", r"₴"),
    ("NGN", r"₦"),
    ("PHP", r"₱"),
    ("BDT", r"৳"),
    ("TRY", r"₺"),
    ("CNY", r"¥"),
    ("CAD", r"(?-i:CAD|C\$)"),
    ("AUD", r"(?-i:AUD|A\$)"),
]
_PREFIX = re.compile(
    r"(?:"
    + "|".join(f"(?P<p{i}>{p})" for i, (_, p) in enumerate(_PREFIX_CURRENCIES))
    + r")\s{0,2}\Z",
    re.IGNORECASE,
)
_PREFIX_WINDOW = 8

_KOPECKS = re.compile(r"\s{0,2}(\d{2})\s?коп(?:еек|ейки|ейка|ейку|\.|(?!\w))", re.IGNORECASE)
_SLASH_DASH = re.compile(r"\s?/-")
_PERCENT = re.compile(r"\s?%")
_SPELLED = re.compile(r"\s{0,3}\([^()\d\n]{1,150}\)")

# --- period and one-off ---------------------------------------------------------------------

_PERIOD_WORDS: list[tuple[str, str]] = [
    (
        "month",
        r"(?:в|за)\s{1,3}(?:календарный\s{1,3})?(?:месяц|мес\.?)(?!\w)|ежемесячно(?!\w)"
        r"|/\s?мес(?:яц)?\.?|/\s?(?:month|mo|mth)(?!\w)|per\s{1,3}(?:calendar\s{1,3})?month"
        r"|a\s{1,3}month(?!\w)|monthly(?!\w)|p\.\s?m\.|(?:al|por|cada)\s{1,3}mes(?!\w)"
        r"|mensual(?:es|mente)?(?!\w)|/\s?mes(?!\w)",
    ),
    (
        "year",
        r"(?:в|за)\s{1,3}год(?!\w)|ежегодно(?!\w)|/\s?(?:год|year|yr)(?!\w)"
        r"|per\s{1,3}(?:year|annum)(?!\w)|a\s{1,3}year(?!\w)|annually(?!\w)|yearly(?!\w)"
        r"|p\.\s?a\.|(?:al|por)\s{1,3}año(?!\w)|anual(?:es|mente)?(?!\w)",
    ),
    (
        "week",
        r"в\s{1,3}неделю(?!\w)|еженедельно(?!\w)|/\s?(?:нед|week|wk)(?:\.|(?!\w))"
        r"|per\s{1,3}week(?!\w)|a\s{1,3}week(?!\w)|weekly(?!\w)"
        r"|(?:a\s{1,3}la|por|cada)\s{1,3}semana(?!\w)|semanal(?:es|mente)?(?!\w)",
    ),
    (
        "day",
        r"(?:в|за)\s{1,3}(?:день|сутки)(?!\w)|ежедневно(?!\w)|/\s?(?:сутки|день|day)(?!\w)"
        r"|per\s{1,3}day(?!\w)|a\s{1,3}day(?!\w)|daily(?!\w)"
        r"|(?:al|por)\s{1,3}d[ií]a(?!\w)|diari(?:o|a|os|as|amente)(?!\w)",
    ),
    (
        "hour",
        r"(?:в|за)\s{1,3}час(?!\w)|/\s?(?:час|ч|hour|hr|h)(?:\.|(?!\w))|per\s{1,3}hour(?!\w)"
        r"|an\s{1,3}hour(?!\w)|hourly(?!\w)|(?:por|la)\s{1,3}hora(?!\w)",
    ),
]
_PERIOD_AFTER = re.compile(
    r"[ \t]{0,2}(?:(?:gross|net|brutto|netto|брутто|нетто|bruto|neto)\s{1,2})?(?:"
    + "|".join(f"(?P<{name}>{p})" for name, p in _PERIOD_WORDS)
    + ")",
    re.IGNORECASE,
)

# Words before the amount (same sentence) that say how often it is paid, or that it is paid once.
_CONTEXT_BEFORE = re.compile(
    r"(?P<one_time>единовременн\w{0,6}|подъ[её]мн\w{0,4}|разов(?:ая|ой|ую|ое|ый|о)(?!\w)"
    r"|one[-\s]?time(?!\w)|one[-\s]off(?!\w)|lump[-\s]?sum(?!\w)"
    r"|sign(?:ing|-on|\s?on)\s{1,3}bonus(?!\w)|joining\s{1,3}bonus(?!\w)|welcome\s{1,3}bonus(?!\w)"
    r"|bono(?!\w)|pago\s{1,3}[úu]nico(?!\w)|prima\s{1,3}[úu]nica(?!\w))"
    r"|(?P<month>ежемесячн\w{0,4}|monthly(?!\w)|mensual(?:es)?(?!\w)|(?:в|за)\s{1,3}месяц(?!\w)"
    r"|per\s{1,3}month(?!\w)|(?:al|por)\s{1,3}mes(?!\w))"
    r"|(?P<year>ежегодн\w{0,4}|годов(?:ой|ая|ое|ого|ую)(?!\w)|annual(?:ly)?(?!\w)|yearly(?!\w)"
    r"|anual(?:es)?(?!\w)|per\s{1,3}(?:year|annum)(?!\w))"
    r"|(?P<week>еженедельн\w{0,4}|weekly(?!\w)|semanal(?:es)?(?!\w))"
    r"|(?P<day>ежедневн\w{0,4}|суточн\w{0,4}|daily(?!\w)|diari[oa]s?(?!\w))"
    r"|(?P<hour>почасов\w{0,4}|hourly(?!\w)|per\s{1,3}hour(?!\w))",
    re.IGNORECASE,
)
_ONE_TIME_AFTER = re.compile(
    r"[ \t]{0,2}(?:единовременно|разово|one[-\s]?time|as\s{1,3}a\s{1,3}one[-\s]off"
    r"|bonus\s{1,3}(?:when|on|upon|at|after)\s{1,3}(?:you\s{1,3})?sign"
    r"|(?:upon|on|after)\s{1,3}sign(?:ing|ature)|al\s{1,3}firmar"
    r"|при\s{1,3}(?:заключении|подписании)\s{1,3}контракта)(?!\w)",
    re.IGNORECASE,
)
# Pay words that make a bare Russian «тыс./млн/к» amount roubles.
_RU_PAY_WORD = re.compile(
    r"зарплат|заработн|з/п|(?<!\w)зп(?!\w)|оплат|выплат|подъ[её]мн|довольстви|вознагражд"
    r"|оклад|доход|получ",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"[;!?\n]|\.\s{1,3}(?=[A-ZА-ЯЁ«\"])")
_RANGE = re.compile(
    r"\s{0,3}[-–—]\s{0,3}|\s{1,3}(?:до|to|a|hasta|y|and|или|or)\s{1,3}", re.IGNORECASE
)
_CONTEXT_WINDOW = 100


@dataclass
class _Cand:
    """A number with whatever currency, multiplier and period the text gives it."""

    start: int  # span start (the currency sign if it comes first)
    end: int  # span end (currency word, kopecks and period included)
    num_start: int
    num_end: int
    value: Decimal
    mult: Decimal | None
    ru_mult: bool
    currency: str | None
    prefix: bool  # a currency sign or code comes before the number
    own_currency: str | None  # the currency written after the number (or implied by lakh)
    period: str | None
    one_time: bool


def _prefix(text: str, num_start: int, gates: _Gates | None = None) -> tuple[str, int] | None:
    if gates is not None and not gates.prefix:
        return None  # no currency sign or code anywhere in the text
    lo = max(0, num_start - _PREFIX_WINDOW)
    m = _PREFIX.search(text, lo, num_start)
    if m is None:
        return None
    p_start = m.start()
    matched = m.group(0).strip()
    # an alphabetic code must not be the tail of a longer word ("HRs 40")
    if matched[:1].isalpha() and p_start > 0 and text[p_start - 1].isalnum():
        return None
    name = m.lastgroup
    assert name is not None
    return _PREFIX_CURRENCIES[int(name[1:])][0], p_start


class _Gates:
    """Whether a pattern can match anywhere in the text, asked once per text (and only if
    it has a number): a match in a window of the text holds the strings the prefilter
    requires, so a text without them skips the search in every window (a currency sign
    before each number, pay words before each amount)."""

    __slots__ = ("_context", "_prefix", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._prefix: bool | None = None
        self._context: bool | None = None

    @property
    def prefix(self) -> bool:
        if self._prefix is None:
            self._prefix = prefilter.may_match(_PREFIX, self.text)
        return self._prefix

    @property
    def context(self) -> bool:
        if self._context is None:
            self._context = prefilter.may_match(_CONTEXT_BEFORE, self.text)
        return self._context


def _candidate(text: str, m: re.Match[str], gates: _Gates | None = None) -> _Cand | None:
    try:
        value, single_group = _parse_number(m)
    except InvalidOperation:  # pragma: no cover - the pattern only admits valid numbers
        return None
    num_start, num_end = m.span()
    pos = num_end
    if _PERCENT.match(text, pos):
        return None
    mult: Decimal | None = None
    ru_mult = False
    currency: str | None = None

    dash = _SLASH_DASH.match(text, pos)
    if dash:
        pos = dash.end()
    spelled = None
    k = _K_ATTACHED.match(text, pos)
    if k:
        mult, ru_mult, pos = _THOUSAND, k.group(0) in "кК", k.end()
    else:
        spelled = _SPELLED.match(text, pos)
        if spelled:
            pos = spelled.end()
        tr = _THOUSAND_RUB.match(text, pos)
        mm = _MULT.match(text, pos)
        if tr:
            mult, ru_mult, currency, pos = _THOUSAND, True, "RUB", tr.end()
        elif mm:
            name = mm.lastgroup
            assert name is not None
            kind, ru_mult = _MULT_INFO[name]
            mult = _MULT_VALUES[kind]
            pos = mm.end()
            # "2.500 млн" / "2,500 млн": a single group before a big multiplier is a fraction
            if single_group and mult >= Decimal(100_000) and (m.lastgroup == "dot" or ru_mult):
                value = value / _THOUSAND
    if currency is None:
        cur = _SUFFIX.match(text, pos)
        if cur:
            name = cur.lastgroup
            assert name is not None
            currency = _SUFFIX_CURRENCIES[int(name[1:])][0]
            pos = cur.end()
            kop = _KOPECKS.match(text, pos)
            if kop and currency == "RUB":
                value += Decimal(kop.group(1)) / (mult or 1) / 100
                pos = kop.end()
            dash = _SLASH_DASH.match(text, pos)
            if dash:
                pos = dash.end()
    # a spelled-out repeat belongs to the amount only if a multiplier or currency follows
    if spelled and mult is None and currency is None:
        pos = num_end

    start = num_start
    prefix = False
    own_currency = currency
    if currency is None and mult in (_MULT_VALUES["lakh"], _MULT_VALUES["crore"]):
        own_currency = "INR"  # "1.5 lakh" is rupees
    if currency is None:
        found = _prefix(text, num_start, gates)
        if found is not None:
            currency, start = found
            prefix = True
    elif mult is None:
        # "$650 USD": a sign before as well as a code after
        found = _prefix(text, num_start, gates)
        if found is not None and found[0] == currency:
            start = found[1]
            prefix = True
    currency = currency or own_currency

    period = None
    per = _PERIOD_AFTER.match(text, pos)
    if per:  # a bare number with a period is kept only if it gets a currency later
        period = per.lastgroup
        pos = per.end()
    one_time = bool(_ONE_TIME_AFTER.match(text, pos))
    return _Cand(
        start,
        pos,
        num_start,
        num_end,
        value,
        mult,
        ru_mult,
        currency,
        prefix,
        own_currency,
        period,
        one_time,
    )


def _join_ranges(cands: list[_Cand], text: str) -> None:
    """Let the two ends of a range lend each other a multiplier, currency and period."""
    for a, b in itertools.pairwise(cands):
        conn = _RANGE.match(text, a.end)
        if conn is None or conn.end() != b.start:
            continue
        if b.currency is None and a.currency is not None:
            b.currency = a.currency
        if a.mult is None and b.mult is not None and a.value <= b.value:
            a.mult, a.ru_mult = b.mult, b.ru_mult
        if a.currency is None and b.currency is not None:
            a.currency = b.currency
        if a.period is None:
            a.period = b.period
        if b.period is None:
            b.period = a.period
        a.one_time = b.one_time = a.one_time or b.one_time


def _context_start(text: str, start: int, floor: int) -> int:
    lo = max(floor, start - _CONTEXT_WINDOW, 0)
    for brk in _SENTENCE_BREAK.finditer(text, lo, start):
        lo = brk.end()
    return lo


def _normalise(amount: Decimal) -> Decimal:
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1))
    return amount.normalize()


def find_money(text: str) -> list[Money]:
    """Every amount of money in ``text``, in order of appearance."""
    # Every number starts a run of digits (the pattern's first look-behind): scan just there.
    numbers = prefilter.finditer_at_digit_runs(_NUMBER, text)
    gates = _Gates(text)
    cands = [c for m in numbers if (c := _candidate(text, m, gates)) is not None]
    _join_ranges(cands, text)
    found: list[Money] = []
    prev_end = 0
    prev_currency: str | None = None
    for c in cands:
        if c.start < prev_end:
            # "100 € 200": the sign after the first amount is not also before the second
            if c.num_start < prev_end:  # pragma: no cover - numbers never overlap
                continue
            c.start, c.prefix, c.currency = c.num_start, False, c.own_currency
        may_borrow = prev_currency is not None and c.start - prev_end < _CONTEXT_WINDOW
        if c.currency is None and not c.ru_mult and not may_borrow:
            continue  # a bare number: no context can make it money
        lo = _context_start(text, c.start, prev_end)
        before = None
        for kw in _CONTEXT_BEFORE.finditer(text, lo, c.start) if gates.context else ():
            before = kw.lastgroup
        one_time = c.one_time or before == "one_time"
        period = c.period
        if period is None and before not in (None, "one_time"):
            period = before
        currency = c.currency
        if (
            currency is None
            and c.ru_mult
            and (period is not None or one_time or _RU_PAY_WORD.search(text, lo, c.start))
        ):
            currency = "RUB"  # «280к в месяц», «подъёмные 1,5 млн»
        if (
            currency is None
            and one_time
            and may_borrow
            and prev_end > _context_start(text, c.start, 0)
        ):
            currency = prev_currency  # «204 000 rublos al mes, más un bono de 195 000 al firmar»
        if currency is None:
            continue
        amount = c.value * (c.mult or 1)
        found.append(Money(c.start, c.end, _normalise(amount), currency, period, one_time))
        prev_end, prev_currency = c.end, currency
    return found
