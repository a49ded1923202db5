"""Document types (TAXONOMY.md): what the paper is, decided with the words that decided it.

Each row is ``(text, doc_type)``.  Every decision's evidence quotes must be words of the
text, at the offsets the evidence gives.  Rows marked ``xfail(strict=True)`` record known
gaps of the classifier (see the reason).
"""

from __future__ import annotations

from functools import cache

import pytest

import beforeyousign
from beforeyousign.knowledge.taxonomy import DOC_TYPES
from beforeyousign.report.model import Report


@cache
def analyse(text: str) -> Report:
    return beforeyousign.analyse_text(text)


def gap(reason: str) -> pytest.MarkDecorator:
    """A row the classifier gets wrong today; the reason says what is wrong."""
    return pytest.mark.xfail(strict=True, reason=reason)


NO_SPANISH_MARKERS = (
    "doctypes.yaml `types` has no Spanish markers for this contract type (only "
    "employment_contract has 'contrato de trabajo | empleador | trabajador'), so a Spanish "
    "contract falls back to `other`"
)

# --- contracts --------------------------------------------------------------------------

MILITARY_RU = """КОНТРАКТ
о прохождении военной службы № 71/0412

г. Тула                                                      «2» августа 2023 г.

Министерство обороны Российской Федерации, от имени которого действует военный комиссар \
Тульской области, и гражданин Республики Куба Перес Гонсалес Йосвани, 1994 года рождения, \
заключили настоящий контракт о следующем.
1. Гражданин добровольно поступает на военную службу по контракту сроком на один год и \
обязуется проходить её в Вооружённых Силах Российской Федерации.
2. Контракт вступает в силу со дня подписания.
"""

MILITARY_EN = """CONTRACT OF MILITARY SERVICE No. 71/0412

The Ministry of Defence of the Russian Federation, represented by the military commissar of \
the Tula region, and Mr. Yosvani Perez, citizen of Cuba (hereinafter the "Serviceman"), have \
concluded this contract as follows.
1. The Serviceman voluntarily enters military service under contract for a term of one year \
in the Armed Forces of the Russian Federation.
2. The contract enters into force on the day it is signed.
"""

MILITARY_ES = """CONTRATO DE SERVICIO MILITAR N.º 71/0412

El Ministerio de Defensa de la Federación de Rusia y el ciudadano cubano Yosvani Pérez \
González, en adelante "el militar", celebran el presente contrato.
1. El militar ingresa voluntariamente en el servicio militar por contrato por un año en las \
Fuerzas Armadas de la Federación de Rusia.
2. Las partes firman este contrato en dos ejemplares.
"""

VOLUNTEER_RU = """КОНТРАКТ
о пребывании в добровольческом формировании
(о добровольном содействии в выполнении задач, возложенных на Вооруженные Силы Российской \
Федерации)

г. Воронеж                                                   «06» сентября 2023 г.

Министерство обороны Российской Федерации в лице командира войсковой части 77001 (далее — \
Командование) и гражданин Российской Федерации Захаров Денис Олегович (далее — Доброволец) \
заключили настоящий контракт о нижеследующем.
1. Доброволец поступает в добровольческое формирование — отряд Боевого армейского резерва \
страны (БАРС-17) — и обязуется выполнять задачи, возложенные на формирование.
2. Контракт заключается на срок 6 (шесть) месяцев.
"""

VOLUNTEER_EN_TRANSLATION = """Translation from Russian (unofficial)

CONTRACT
on stay in a volunteer formation
(on voluntary assistance in fulfilling the tasks assigned to the Armed Forces of the Russian \
Federation)

Party 1: Ministry of Defence of the Russian Federation, represented by the commander of \
military unit 31135.
Party 2: Mr. Bikash Rai, citizen of Nepal, born 2001 (the "Volunteer").

1. The Volunteer joins the volunteer detachment "Vostok-7" and undertakes to carry out the \
tasks given to the detachment.
2. The contract is concluded for six months.
3. The Volunteer receives a monthly allowance of 205,000 roubles.

Signature of the Volunteer: ______________   Commander: ______________
"""

VOLUNTEER_ES = """CONTRATO
de permanencia en una formación de voluntarios

El Ministerio de Defensa de la Federación de Rusia, representado por el comandante de la \
unidad militar 40821, y el Sr. Carlos Díaz, ciudadano de Cuba, en adelante "el Voluntario", \
celebran el presente contrato.
1. El Voluntario ingresa en el destacamento de voluntarios "Kaskad-5" y se compromete a \
cumplir las tareas asignadas al destacamento.
2. El contrato se celebra por seis meses.
"""

POLICE_RU = """КОНТРАКТ
о прохождении службы в органах внутренних дел Российской Федерации

г. Казань                                                    «01» февраля 2024 г.

Министерство внутренних дел по Республике Татарстан в лице министра (далее — руководитель) \
и гражданин Российской Федерации Сафин Ильдар Маратович (далее — сотрудник) заключили \
настоящий контракт о нижеследующем.
1. Сотрудник обязуется проходить службу в органах внутренних дел в должности участкового \
уполномоченного полиции сроком на четыре года.
"""

PRISON_RU = """КОНТРАКТ
о прохождении службы в уголовно-исполнительной системе Российской Федерации

г. Тверь                                                     «3» марта 2024 г.

Управление Федеральной службы исполнения наказаний по Тверской области (далее — \
руководитель) и гражданин Российской Федерации Комаров Андрей Викторович (далее — сотрудник) \
заключили настоящий контракт о нижеследующем.
1. Сотрудник обязуется проходить службу в уголовно-исполнительной системе в должности \
младшего инспектора сроком на пять лет.
"""

NATIONAL_GUARD_EN = """CONTRACT
of service in the National Guard of the Russian Federation

The Federal Service of the National Guard Troops (hereinafter "the Service") and citizen \
Ivan Petrov (hereinafter "the Officer") have concluded this contract.
1. The Officer undertakes to perform service in the national guard for a term of three years.
2. The Officer shall observe service discipline.
"""

POLICE_ES = """CONTRATO
de servicio en la Policía Nacional

La Dirección General de la Policía, en adelante "la Dirección", y el Sr. Juan García, en \
adelante "el agente", celebran el presente contrato de servicio policial.
1. El agente se compromete a prestar servicio en la Policía Nacional durante cuatro años.
2. Las partes firman este contrato en dos ejemplares.
"""

EMPLOYMENT_RU = """ТРУДОВОЙ ДОГОВОР № 15

г. Казань                                                   «10» января 2024 г.

ООО «Стройсервис» (далее — Работодатель) и гражданин Республики Узбекистан Каримов Азиз \
(далее — Работник) заключили настоящий трудовой договор о нижеследующем.
1. Работник принимается на работу на должность монтажника.
2. Работнику устанавливается заработная плата 70 000 рублей в месяц.
"""

EMPLOYMENT_EN = """EMPLOYMENT CONTRACT

This agreement is made between Green Farms Ltd (hereinafter "the Employer") and \
Ms. Anna Kowalska (hereinafter "the Employee").
1. The Employee shall work as a fruit picker. Working hours are 40 per week.
2. The Employee is entitled to 28 days of annual leave.
"""

EMPLOYMENT_ES = """CONTRATO DE TRABAJO

En Madrid, a 3 de marzo de 2024, reunidos de una parte Hoteles del Sol S.L., en adelante el \
empleador, y de otra parte D. Luis Martín, en adelante el trabajador, las partes acuerdan lo \
siguiente.
1. El trabajador prestará servicios como camarero con una jornada de 40 horas semanales.
2. El salario bruto será de 1.400 euros mensuales.
"""

SERVICES_RU = """ДОГОВОР ВОЗМЕЗДНОГО ОКАЗАНИЯ УСЛУГ № 7

г. Москва                                                   «1» апреля 2024 г.

Индивидуальный предприниматель Смирнов А. В. (далее — Заказчик) и гражданин Петров И. И. \
(далее — Исполнитель) заключили настоящий договор о нижеследующем.
1. Исполнитель обязуется оказать услуги по ремонту квартиры, а Заказчик обязуется оплатить \
эти услуги.
"""

SERVICES_EN = """SERVICES AGREEMENT

This agreement is made between Bright Events Ltd (hereinafter "the Client") and Mr. Tom Hale \
(hereinafter "the Contractor").
1. The Contractor shall provide sound engineering services for the festival.
2. The Client shall pay the Contractor 2,000 GBP on completion of the services.
"""

SERVICES_ES = """CONTRATO DE PRESTACIÓN DE SERVICIOS

De una parte, Eventos Caribe S.A., en adelante "el cliente", y de otra parte, D. Pedro Ruiz, \
en adelante "el prestador", las partes acuerdan lo siguiente.
1. El prestador realizará servicios de sonido para el festival.
2. El cliente pagará al prestador 2.000 euros al finalizar los servicios.
"""

# --- offers -----------------------------------------------------------------------------

JOB_RU = """Вакансия: грузчик на склад в Подмосковье.
Зарплата от 70 000 рублей, жильё бесплатно, опыт не обязателен.
Звоните: +7 900 111-22-33
"""

JOB_EN = """Vacancy: helpers in Russia.
Salary 2,000 USD per month, free food and housing, no experience needed.
Contact us on WhatsApp: +7 900 111-22-33
"""

JOB_ES = """Se buscan albañiles para obra en Rusia.
Salario 1500 dólares al mes, alojamiento gratis.
Contacto por WhatsApp: +7 900 111-22-33
"""

OFFER_LETTER_EN = """Dear Sunil,
We are pleased to offer you the position of kitchen helper at the Grand Hotel, Dubai. \
Your monthly salary will be 1,500 AED, with free accommodation.
Please confirm your interest by replying to this email.
"""

MOD_AD_RU = """Контракт с Минобороны
Выплата при подписании 1 000 000 рублей, зарплата от 210 000 рублей.
Звоните: +7 900 000-00-00
"""

MOD_AD_RU_INLINE = (
    "Набор на военную службу по контракту. Контракт с Минобороны на 1 год. "
    "Выплата 1,9 млн. Звоните +7 900 000-00-00"
)

MOD_AD_RU_SHORT = """Контракт с Минобороны
Единовременная выплата 1 200 000 ₽
Тел. +7 900 000-00-00
"""

MOD_AD_RU_CAPS = """КОНТРАКТ С МИНОБОРОНЫ!
Служба по контракту от 1 года, выплаты 2 500 000 рублей.
Подробности по телефону +7 900 000-00-00
"""

MOD_AD_RU_PERKS = (
    "Контракт с Минобороны — денежное довольствие от 210 000 рублей, единовременная выплата "
    "1 500 000 рублей, статус военнослужащего. Подробности: +7 900 000-00-00"
)

MOD_AD_MISREAD = (
    "doctype.classify: a headline «Контракт с Минобороны» at the start of a line in the title "
    "scores the title-only contract marker (1 x 3 = 3) with no contract language at all "
    "(no parties, «заключили», «именуемый»), while the offer markers lack «выплат* | тел | "
    "телефон* | подробност*»; contract > offer, then «Минобороны» in the title (1.5 x 3) "
    "makes it military_contract, which also raises the law-implied flags for an ad"
)

# --- chats ------------------------------------------------------------------------------

CHAT_BRACKETS = """[12.03.24, 14:02:11] Ravi Agent: Hello brother, job in Russia, army kitchen
[12.03.24, 14:03:40] Sunil: What is salary?
[12.03.24, 14:05:02] Ravi Agent: 2 lakh per month, visa free
[12.03.24, 14:06:15] Sunil: OK send details
"""

CHAT_DASH = """12/03/2024, 14:02 - Coordinador: Hola, hay trabajo de construcción en Rusia
12/03/2024, 14:03 - Yasmani: Cuánto pagan?
12/03/2024, 14:05 - Coordinador: 2000 dólares al mes, el pasaje lo pagamos nosotros
12/03/2024, 14:06 - Yasmani: Ok, mándame los detalles
"""

CHAT_NAME_FIRST = """Рустам Вакансии, [14.05.2024 09:41]
Салам, брат. Есть работа на складе в Подмосковье, грузчик, 95 тысяч в месяц.

Джамшед, [14.05.2024 09:45]
Да интересно. Какие документы?

Рустам Вакансии, [14.05.2024 09:47]
Паспорт, миграционка. Приезжай завтра в 8 утра к метро Текстильщики.
"""

CHAT_NAME_FIRST_COMPACT = """Рустам Вакансии, [14.05.2024 09:41]
Салам, брат. Есть работа на складе, грузчик, 95 тысяч в месяц.
Джамшед, [14.05.2024 09:45]
Да интересно. Какие документы?
Рустам Вакансии, [14.05.2024 09:47]
Паспорт, миграционка. Приезжай завтра.
"""

CHAT_AM_PM = """3/12/24, 2:02 PM - Ravi Agent: Hello brother, job in Russia
3/12/24, 2:03 PM - Sunil: What is salary?
3/12/24, 2:05 PM - Ravi Agent: 2 lakh per month
3/12/24, 2:06 PM - Sunil: OK
"""

CHAT_CONTRACT_TALK = """[15.05.24, 12:30:02] Джамшед: Брат, дают подписать контракт с Минобороны
[15.05.24, 12:32:10] Рустам: Не бойся, это формальность, заключили уже многие
[15.05.24, 12:33:45] Джамшед: Настоящий контракт на год?
[15.05.24, 12:35:00] Рустам: Да, подписывай
"""

# --- other ------------------------------------------------------------------------------

LEASE_RU = """ДОГОВОР АРЕНДЫ КВАРТИРЫ № 3

г. Новосибирск                                              «5» мая 2024 г.

Гражданка Иванова Мария Петровна (далее — Арендодатель) и гражданин Сидоров Олег Иванович \
(далее — Арендатор) заключили настоящий договор о нижеследующем.
1. Арендодатель передаёт Арендатору во временное пользование квартиру по адресу: \
г. Новосибирск, ул. Ленина, д. 5, кв. 12.
2. Арендная плата составляет 30 000 рублей в месяц.
"""

LOAN_RU = """ДОГОВОР ЗАЙМА № 4

г. Самара                                                   «2» февраля 2024 г.

Гражданин Орлов П. С. (далее — Займодавец) и гражданин Лебедев К. А. (далее — Заёмщик) \
заключили настоящий договор о нижеследующем.
1. Займодавец передаёт Заёмщику денежные средства в размере 100 000 рублей, а Заёмщик \
обязуется вернуть их до 1 августа 2024 года.
"""

TENANCY_EN = """TENANCY AGREEMENT

This agreement is made between Mr. John Smith (hereinafter "the Landlord") and Ms. Jane Doe \
(hereinafter "the Tenant").
1. The Landlord lets the flat at 5 High Street, Leeds to the Tenant for twelve months.
2. The rent is 900 GBP per month, payable in advance.
"""

LEASE_ES = """CONTRATO DE ARRENDAMIENTO DE VIVIENDA

En Valencia, a 1 de junio de 2024, de una parte Dña. Carmen López, en adelante "la \
arrendadora", y de otra parte D. Miguel Torres, en adelante "el arrendatario", las partes \
acuerdan lo siguiente.
1. La arrendadora cede al arrendatario el uso de la vivienda situada en la calle Mayor 3.
2. La renta mensual es de 750 euros.
"""

RECIPE_EN = """Weekend recipe: lentil soup
Fry one onion and two carrots, add a cup of red lentils and a litre of stock.
Simmer for twenty minutes and season with cumin and lemon.
"""

RECIPE_ES = """Receta del fin de semana: sopa de lentejas
Sofría una cebolla y dos zanahorias, añada una taza de lentejas rojas y un litro de caldo.
Cueza veinte minutos y sazone con comino y limón.
"""

ROWS = [
    pytest.param(MILITARY_RU, "military_contract", id="military-ru"),
    pytest.param(MILITARY_EN, "military_contract", id="military-en"),
    pytest.param(MILITARY_ES, "military_contract", id="military-es"),
    pytest.param(VOLUNTEER_RU, "volunteer_formation_contract", id="volunteer-ru"),
    pytest.param(
        VOLUNTEER_EN_TRANSLATION, "volunteer_formation_contract", id="volunteer-en-translation"
    ),
    pytest.param(
        VOLUNTEER_ES,
        "volunteer_formation_contract",
        id="volunteer-es",
    ),
    pytest.param(POLICE_RU, "state_service_contract", id="state-police-ru"),
    pytest.param(PRISON_RU, "state_service_contract", id="state-prison-ru"),
    pytest.param(NATIONAL_GUARD_EN, "state_service_contract", id="state-national-guard-en"),
    pytest.param(POLICE_ES, "state_service_contract", id="state-police-es"),
    pytest.param(EMPLOYMENT_RU, "employment_contract", id="employment-ru"),
    pytest.param(EMPLOYMENT_EN, "employment_contract", id="employment-en"),
    pytest.param(EMPLOYMENT_ES, "employment_contract", id="employment-es"),
    pytest.param(SERVICES_RU, "services_contract", id="services-ru"),
    pytest.param(SERVICES_EN, "services_contract", id="services-en"),
    pytest.param(SERVICES_ES, "services_contract", id="services-es"),
    pytest.param(JOB_RU, "job_offer", id="job-ru"),
    pytest.param(JOB_EN, "job_offer", id="job-en"),
    pytest.param(JOB_ES, "job_offer", id="job-es"),
    pytest.param(OFFER_LETTER_EN, "job_offer", id="job-offer-letter-en"),
    pytest.param(MOD_AD_RU, "job_offer", id="job-ru-mod-headline"),
    pytest.param(MOD_AD_RU_INLINE, "job_offer", id="job-ru-mod-inline"),
    pytest.param(MOD_AD_RU_SHORT, "job_offer", id="job-ru-mod-headline-short"),
    pytest.param(MOD_AD_RU_CAPS, "job_offer", id="job-ru-mod-headline-caps"),
    pytest.param(MOD_AD_RU_PERKS, "job_offer", id="job-ru-mod-headline-perks"),
    pytest.param(CHAT_BRACKETS, "recruiter_chat", id="chat-brackets-en"),
    pytest.param(CHAT_DASH, "recruiter_chat", id="chat-dash-es"),
    pytest.param(CHAT_NAME_FIRST, "recruiter_chat", id="chat-name-first-ru"),
    pytest.param(CHAT_NAME_FIRST_COMPACT, "recruiter_chat", id="chat-name-first-compact-ru"),
    pytest.param(CHAT_AM_PM, "recruiter_chat", id="chat-am-pm-en"),
    pytest.param(CHAT_CONTRACT_TALK, "recruiter_chat", id="chat-about-a-contract-ru"),
    pytest.param(LEASE_RU, "other", id="other-lease-ru"),
    pytest.param(LOAN_RU, "other", id="other-loan-ru"),
    pytest.param(TENANCY_EN, "other", id="other-tenancy-en"),
    pytest.param(LEASE_ES, "other", id="other-lease-es"),
    pytest.param(RECIPE_EN, "other", id="other-recipe-en"),
    pytest.param(RECIPE_ES, "other", id="other-recipe-es"),
]


@pytest.mark.parametrize(("text", "doc_type"), ROWS)
def test_doc_type(text: str, doc_type: str) -> None:
    decision = analyse(text).doc_type
    assert decision.doc_type in DOC_TYPES
    assert decision.doc_type == doc_type, [e.quote for e in decision.evidence]


def _all_texts() -> list[object]:
    return [pytest.param(row.values[0], id=row.id) for row in ROWS]


@pytest.mark.parametrize("text", _all_texts())
def test_decision_evidence_is_quoted_from_the_text(text: str) -> None:
    decision = analyse(text).doc_type
    if decision.doc_type != "other":
        assert decision.evidence, decision
    for evidence in decision.evidence:
        assert evidence.quote
        assert evidence.quote in text
        assert text[evidence.raw_start : evidence.raw_end] == evidence.quote


def test_every_doc_type_has_a_row() -> None:
    covered = {row.values[1] for row in ROWS if not row.marks}
    assert covered == set(DOC_TYPES)


QUOTE_ROWS = [
    pytest.param(CHAT_BRACKETS, id="chat-brackets"),
    pytest.param(CHAT_DASH, id="chat-dash"),
    pytest.param(
        CHAT_NAME_FIRST,
        id="chat-name-first-blank-lines",
    ),
    pytest.param(CHAT_NAME_FIRST_COMPACT, id="chat-name-first-compact"),
    pytest.param(MILITARY_RU, id="military-ru"),
    pytest.param(JOB_EN, id="job-en"),
]


@pytest.mark.parametrize("text", QUOTE_ROWS)
def test_decision_quotes_are_trimmed_words(text: str) -> None:
    decision = analyse(text).doc_type
    assert decision.evidence
    for evidence in decision.evidence:
        assert evidence.quote == evidence.quote.strip(), repr(evidence.quote)


def test_chat_evidence_quotes_the_message_headers() -> None:
    decision = analyse(CHAT_BRACKETS).doc_type
    assert [e.quote for e in decision.evidence] == [
        "[12.03.24, 14:02:11] Ravi Agent:",
        "[12.03.24, 14:03:40] Sunil:",
    ]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        pytest.param(MILITARY_RU, "военной службы", id="military-ru"),
        pytest.param(VOLUNTEER_EN_TRANSLATION, "volunteer formation", id="volunteer-en"),
        pytest.param(POLICE_RU, "органах внутренних дел", id="police-ru"),
        pytest.param(EMPLOYMENT_RU, "ТРУДОВОЙ ДОГОВОР", id="employment-ru"),
        pytest.param(SERVICES_RU, "ОКАЗАНИЯ УСЛУГ", id="services-ru"),
    ],
)
def test_contract_evidence_names_the_deciding_words(text: str, word: str) -> None:
    decision = analyse(text).doc_type
    assert any(
        word.lower() in e.quote.lower() or e.quote.lower() in word.lower()
        for e in decision.evidence
    ), [e.quote for e in decision.evidence]


# --- the same paper photographed: wrapped lines, OCR's brackets ---------------------------

FAIR_OFFER_ES = (
    "Oferta de empleo: ayudante de cocina en el Hotel Mar Azul, Palma de Mallorca (España).\n"
    "Contrato de temporada de 6 meses, por escrito, en español y en inglés, que recibirá "
    "antes de viajar.\n"
    "Salario: 1 450 euros brutos al mes, pagados cada mes en su propia cuenta bancaria.\n"
    "El empleador paga el visado, el billete de avión y el alojamiento.\n"
)


def _wrapped(text: str, width: int) -> str:
    """``text`` as a printed page (or OCR of a photo of it) breaks its lines."""
    import textwrap

    return "\n".join(textwrap.fill(line, width) for line in text.splitlines())


@pytest.mark.parametrize("width", [1000, 76, 60, 45])
def test_doc_type_does_not_depend_on_where_lines_wrap(width: int) -> None:
    assert analyse(_wrapped(FAIR_OFFER_ES, width)).doc_type.doc_type == "job_offer"


CHAT_AS_OCR_READS_IT = """[22.07.24, 19:05:43] Mr. Nimal (Russia Jobs): Good evening. Russian army
support job available. Kitchen and camp maintenance only.
(22.07.24, 19:06:10] Kasun: Where is the camp?
[22.07.24, 19:07:28] Mr. Nimal (Russia Jobs): Near Donetsk. Don't worry, you
will be far from the fighting, only in the kitchen.
(22.07.24, 19:08:55] Mr. Nimal (Russia Jobs): After signing, Russian
citizenship for you and your family.
|22.07.24, 19:10:02] Kasun: How will I get my salary?
"""


@pytest.mark.parametrize(
    ("text", "doc_type"),
    [
        (CHAT_AS_OCR_READS_IT, "recruiter_chat"),
        # Parentheses around a date in an ad are not a chat.
        (
            "Набор на работу (12.03.24, 14:00) Повар: зарплата 90 000 руб.\n"
            "Звоните по телефону.\nЖильё предоставляется.\n",
            "job_offer",
        ),
    ],
    ids=["ocr-brackets", "ad-with-a-date"],
)
def test_chat_stamps_as_ocr_reads_them(text: str, doc_type: str) -> None:
    assert analyse(text).doc_type.doc_type == doc_type


WELDER_TITLE = (
    "Трудовой договор № 112\n"
    ": г. Екатеринбург, 2 сентября 2024 года\n"
    "АО «УралСтальКонструкция» (работодатель), в лице директора по\n"
    "персоналу Беловой Н.С., и гражданин Кыргызской Республики\n"
    "Абдыкадыров Эрлан Маратович (работник), заключили настоящий договор.\n"
    "1. Работник принимается на работу электросварщиком в цех № 2.\n"
    "2. Выплата заработной платы два раза в месяц; требуется соблюдать условия.\n"
)


@pytest.mark.parametrize(
    ("text", "doc_type"),
    [
        (WELDER_TITLE, "employment_contract"),  # «Трудовой договор» is a title
        # An ad's slogan is not a title, even with a word before the marker.
        ("Военный контракт! Требуется водитель, зарплата 200 000 руб.\nЗвоните.\n", "job_offer"),
    ],
    ids=["adjective-before-title", "slogan"],
)
def test_a_title_may_start_with_a_word_or_two(text: str, doc_type: str) -> None:
    assert analyse(text).doc_type.doc_type == doc_type
