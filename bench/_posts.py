"""Synthetic short posts for the throughput bench (a helper module: `make bench` skips `_*.py`).

Job-board and chat posts of 1–3 sentences, 50–400 characters, in Russian, English, Spanish,
French, Hindi and Nepali, filled from small templates with a fixed seed, so every run (and
every machine) screens the same posts.  About 5 % are dangerous (military recruitment
dressed as a civilian job, a passport kept, a fee to pay, a war zone); the rest are ordinary
ads and messages.
"""

from __future__ import annotations

import random

DANGEROUS_SHARE = 0.05
DEFAULT_SEED = 20261125

_SLOTS: dict[str, dict[str, tuple[str, ...]]] = {
    "ru": {
        "job": ("повар", "водитель", "грузчик", "разнорабочий", "сварщик", "охранник",
                "продавец", "курьер", "уборщица", "швея", "маляр", "кладовщик"),
        "city": ("Москва", "Казань", "Новосибирск", "Екатеринбург", "Тверь", "Самара",
                 "Краснодар", "Пермь"),
        "pay": ("45 000", "60 000", "75 000", "90 000", "120 000", "55 000"),
        "phone": ("+7 915 123-45-67", "+7 903 555-01-02", "8 800 200-30-40"),
    },
    "en": {
        "job": ("cook", "driver", "warehouse packer", "cleaner", "waiter", "electrician",
                "helper", "security guard", "plumber", "nurse assistant"),
        "city": ("Dubai", "Warsaw", "London", "Doha", "Kuala Lumpur", "Riyadh", "Bucharest"),
        "pay": ("$900", "$1,200", "£1,800", "€1,500", "$700", "AED 2,500"),
        "phone": ("+971 50 123 4567", "+44 7700 900123", "+91 98765 43210"),
    },
    "es": {
        "job": ("cocinero", "camarero", "albañil", "chofer", "limpiadora", "electricista",
                "ayudante de cocina", "jardinero", "recepcionista"),
        "city": ("Madrid", "Valencia", "Punta Cana", "Cancún", "Lima", "Bogotá", "Sevilla"),
        "pay": ("1 200 euros", "900 dólares", "1 500 euros", "800 dólares"),
        "phone": ("+34 612 345 678", "+53 5 123 4567", "+52 55 1234 5678"),
    },
    "fr": {
        "job": ("cuisinier", "serveur", "chauffeur", "agent d'entretien", "maçon",
                "aide-soignant", "magasinier", "vendeur"),
        "city": ("Paris", "Lyon", "Marseille", "Bruxelles", "Dakar", "Abidjan", "Montréal"),
        "pay": ("1 800 euros", "2 000 euros", "1 500 euros", "300 000 FCFA"),
        "phone": ("+33 6 12 34 56 78", "+221 77 123 45 67", "+225 07 12 34 56"),
    },
    "hi": {
        "job": ("रसोइया", "ड्राइवर", "सफाई कर्मचारी", "मजदूर", "सुरक्षा गार्ड", "वेटर"),
        "city": ("दुबई", "दिल्ली", "मुंबई", "कतर", "सऊदी अरब"),
        "pay": ("25,000 रुपये", "40,000 रुपये", "60,000 रुपये", "35,000 रुपये"),
        "phone": ("+91 98765 43210", "+91 91234 56789"),
    },
    "ne": {
        "job": ("भान्से", "चालक", "सफाइ कर्मचारी", "मजदुर", "सुरक्षा गार्ड", "वेटर"),
        "city": ("दुबई", "कतार", "मलेसिया", "काठमाडौं", "साउदी"),
        "pay": ("५०,००० रुपैयाँ", "८०,००० रुपैयाँ", "१,२०,००० रुपैयाँ"),
        "phone": ("+977 980 1234567", "+977 984 7654321"),
    },
}  # fmt: skip

_SAFE: dict[str, tuple[str, ...]] = {
    "ru": (
        "Требуется {job} в {city}.",
        "Зарплата {pay} рублей в месяц, график 5/2.",
        "Звоните {phone}.",
        "Ищем сотрудника на склад, {city}.",
        "Оплата {pay} руб., официальное оформление по ТК РФ.",
        "Привет! Завтра встречаемся у метро в {hour}:00, не опаздывай.",
        "Срочно нужен {job}, опыт от года.",
        "Выплаты два раза в месяц, проживание в общежитии за {n}00 рублей.",
        "Продаю велосипед в хорошем состоянии, {city}, недорого.",
        "Пишите в личку, отвечу вечером.",
        "Компания приглашает на работу: {job}.",
        "Соцпакет, обучение, оплачиваемый отпуск {n}8 дней.",
    ),
    "en": (
        "We are hiring a {job} in {city}.",
        "Salary {pay} per month, visa and housing provided.",
        "Looking for an experienced {job}.",
        "Full time, {pay} monthly.",
        "Call {phone}.",
        "Hi, are you still coming to the meeting tomorrow at {hour}?",
        "Let me know by tonight.",
        "Part-time {job} needed in {city}, weekends only.",
        "Apply with your CV before the {n}th.",
        "Job fair this Saturday in {city}: employers from hotels, shops and logistics.",
        "Our agency charges no fees to workers.",
    ),
    "es": (
        "Se busca {job} en {city}.",
        "Salario de {pay} al mes, contrato por escrito.",
        "Oferta de empleo: {job} con experiencia.",
        "Llamar al {phone}.",
        "Hola, ¿nos vemos mañana a las {hour}? Avísame cuando llegues.",
        "Empresa de {city} contrata {job}.",
        "Ofrecemos {pay} mensuales y alojamiento.",
    ),
    "fr": (
        "Nous recrutons un {job} à {city}.",
        "Salaire de {pay} par mois, contrat à durée indéterminée.",
        "Offre d'emploi : {job} avec expérience.",
        "Appelez le {phone}.",
        "Salut, on se voit demain au marché à {hour} heures ?",
        "Entreprise de {city} cherche {job}.",
        "Logement fourni, {pay} net par mois.",
    ),
    "hi": (
        "{city} में {job} की जरूरत है।",
        "वेतन {pay} महीना, रहना और खाना मुफ्त है।",
        "अनुभवी {job} चाहिए।",
        "संपर्क करें {phone}।",
        "नमस्ते भाई, आप कल कब आएंगे? मुझे बताइए।",
    ),
    "ne": (
        "{city} मा {job} चाहिएको छ।",
        "तलब {pay} मासिक, बस्न र खान निःशुल्क हुन्छ।",
        "अनुभवी {job} चाहिन्छ।",
        "सम्पर्क गर्नुहोस् {phone}।",
        "नमस्ते दाइ, तपाईं भोलि कति बजे आउनुहुन्छ?",
    ),
}

_DANGEROUS: dict[str, tuple[str, ...]] = {
    "ru": (
        "Набор на контракт с Минобороны! Единовременная выплата 2 000 000 рублей.",
        "Требуется {job} в зону СВО, работа в воинской части.",
        "Паспорт сдаётся работодателю на весь срок контракта.",
        "Нужны помощники в армию: {job}, грузчики, гражданство РФ для всей семьи.",
    ),
    "en": (
        "Army helper jobs in Russia! Work as {job} in a military camp.",
        "Only {n} seats left, visa on tourist basis.",
        "Security helper for Russian army, 1 year contract.",
        "Service charge 3,50,000 advance, passport kept by company.",
    ),
    "es": (
        "Trabajo de {job} en Rusia con el ejército ruso.",
        "Contrato con el Ministerio de Defensa, 200 000 rublos al mes.",
        "Viajas con visa de turista y el pasaje se descuenta de tu salario.",
    ),
    "fr": (
        "Travail de {job} en Russie pour l'armée russe.",
        "Contrat d'un an avec le ministère de la Défense, départ la semaine prochaine.",
    ),
    "hi": (
        "रूस में आर्मी हेल्पर की नौकरी। {job} का काम, वेतन 2 लाख महीना।",
        "पासपोर्ट कंपनी रखेगी।",
    ),
    "ne": (
        "रूसमा सेना सहयोगी काम। {job} को काम, तलब २ लाख मासिक।",
        "पासपोर्ट कम्पनीले राख्नेछ।",
    ),
}

# Share of posts per language: a job board screened by a researcher is mostly Russian,
# with the languages of the recruits' home countries beside it.
_LANGUAGE_WEIGHTS = {"ru": 40, "en": 25, "es": 10, "fr": 8, "hi": 9, "ne": 8}


MIN_CHARS, MAX_CHARS = 50, 400
SIGNED_SHARE = 0.3  # posts signed with a made-up name: new words keep coming, as in real feeds
_SYLLABLES = {
    "ru": ("ра", "ми", "ко", "ла", "ва", "ти", "не", "до", "ру", "св", "ан", "ель"),
    "latin": ("ra", "mi", "ko", "la", "va", "ti", "ne", "do", "ru", "sa", "an", "el"),
}


def generate_posts(n: int, seed: int = DEFAULT_SEED) -> list[str]:
    """``n`` posts of 1–3 sentences, the same for the same ``n`` and ``seed``."""
    rng = random.Random(seed)
    languages = list(_LANGUAGE_WEIGHTS)
    weights = list(_LANGUAGE_WEIGHTS.values())
    return [_post(rng, rng.choices(languages, weights)[0]) for _ in range(n)]


def _post(rng: random.Random, lang: str) -> str:
    slots = {name: rng.choice(values) for name, values in _SLOTS[lang].items()}
    slots["hour"] = str(rng.randint(7, 20))
    slots["n"] = str(rng.randint(1, 9))
    pool = list(_SAFE[lang])
    sentences = rng.sample(pool, rng.randint(1, 3))
    if rng.random() < DANGEROUS_SHARE:  # one warning sign among ordinary sentences
        sentences[rng.randrange(len(sentences))] = rng.choice(_DANGEROUS[lang])
    text = " ".join(sentences).format(**slots)
    while len(text) < MIN_CHARS:  # a one-liner too short to say anything: add a sentence
        text += " " + rng.choice(pool).format(**slots)
    if rng.random() < SIGNED_SHARE:
        text += " — " + _made_up_name(rng, lang)
    return text[:MAX_CHARS]


def _made_up_name(rng: random.Random, lang: str) -> str:
    syllables = _SYLLABLES["ru" if lang == "ru" else "latin"]
    name = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()
    return name + (str(rng.randint(1, 9999)) if rng.random() < 0.5 else "")
