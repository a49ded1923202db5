"""Every flag of TAXONOMY.md, raised (or not) by short realistic snippets in ru/en/es.

Each row is ``(text, flag, expected, keyword)``: ``expected`` says whether ``flag`` must be
raised; for a raised flag, ``keyword`` is a word of the text that justifies it, and some
evidence quote of the finding must be a substring of the text that overlaps that word.
Rows marked ``xfail(strict=True)`` record known gaps of the analysis (see the reason).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest

import beforeyousign
from beforeyousign.knowledge.taxonomy import FLAGS
from beforeyousign.report.model import Report

LAW_IMPLIED = ("term_extension", "no_early_exit", "penalty_threat")


@cache
def analyse(text: str) -> Report:
    return beforeyousign.analyse_text(text)


def gap(reason: str) -> pytest.MarkDecorator:
    """A row the analysis gets wrong today; the reason says what is wrong."""
    return pytest.mark.xfail(strict=True, reason=reason)


_SPANISH = re.compile(
    r"[áéíóúñ¿¡]|\b(?:el|la|los|las|del|de|se|con|una|su|y|en|por|para|que|nadie)\b", re.IGNORECASE
)
_COUNTERS: dict[str, int] = {}


def _id(text: str, flag: str, expected: bool, name: str | None) -> str:
    """``document_retention-ru-yes3-passport-copy``: flag, language, sign, number, name."""
    if re.search("[а-яё]", text, re.IGNORECASE):
        lang = "ru"
    else:
        lang = "es" if _SPANISH.search(text) else "en"
    key = f"{flag}-{lang}-{'yes' if expected else 'no'}"
    _COUNTERS[key] = _COUNTERS.get(key, 0) + 1
    if name and name.startswith(f"{lang}-"):
        name = name[len(lang) + 1 :]
    return f"{key}{_COUNTERS[key]}" + (f"-{name}" if name else "")


def yes(text: str, flag: str, keyword: str, marks: Any = (), id: str | None = None) -> Any:
    """``flag`` must be raised, with a quote overlapping ``keyword``."""
    return pytest.param(text, flag, True, keyword, marks=marks, id=_id(text, flag, True, id))


def no(text: str, flag: str, marks: Any = (), id: str | None = None) -> Any:
    """``flag`` must not be raised."""
    return pytest.param(text, flag, False, None, marks=marks, id=_id(text, flag, False, id))


ROWS = [
    # --- military_service -----------------------------------------------------------------
    yes(
        "Приглашаем на военную службу по контракту в Вооружённых Силах РФ. Выплаты ежемесячно.",
        "military_service",
        "военную службу",
    ),
    yes(
        "Гражданин заключил контракт с Министерством обороны сроком на один год.",
        "military_service",
        "Министерством обороны",
    ),
    yes(
        "Набираем бойцов в штурмовые отряды, подъёмные сразу после подписания.",
        "military_service",
        "штурмовые отряды",
    ),
    yes(
        "Join the Russian army as a contract soldier. Salary 2,000 USD a month.",
        "military_service",
        "army",
    ),
    yes(
        "After arrival you will be enlisted in a volunteer battalion.",
        "military_service",
        "enlisted",
    ),
    yes(
        "Se buscan hombres para el servicio militar en Rusia con contrato de un año.",
        "military_service",
        "servicio militar",
    ),
    yes(
        "Usted firmará un contrato con el Ministerio de Defensa de Rusia.",
        "military_service",
        "Ministerio de Defensa",
    ),
    no(
        "Требуется охранник в торговый центр. Требования: военный билет, опыт от 1 года.",
        "military_service",
        id="ru-military-id-as-requirement",
    ),
    no(
        "Требуется водитель категории C. Обязательно наличие военного билета, "
        "служба по контракту не нужна, отсрочка не требуется.",
        "military_service",
        id="ru-military-id-and-deferment-in-civilian-ad",
    ),
    no(
        "Вакансия: водитель такси в Москве, зарплата от 90 000 рублей.",
        "military_service",
    ),
    no(
        "Security guards wanted for a shopping mall in Leeds. Ex-army welcome.",
        "military_service",
        id="en-ex-army-welcome",
    ),
    no(
        "Veterans and former military personnel are encouraged to apply for our logistics roles.",
        "military_service",
        id="en-former-military",
    ),
    no(
        "Se busca vigilante de seguridad para un centro comercial. Se valora experiencia militar.",
        "military_service",
        id="es-experiencia-militar",
    ),
    no(
        "Мы предоставляем отсрочку от военной службы сотрудникам IT-компаний.",
        "military_service",
        id="ru-deferment",
    ),
    no(
        "Приглашаем на службу по контракту в полицию.",
        "military_service",
        id="ru-police-service-by-contract",
    ),
    no(
        "Applicants must have completed military service.",
        "military_service",
        id="en-completed-military-service",
    ),
    no(
        "Se requiere haber cumplido el servicio militar.",
        "military_service",
        id="es-cumplido-servicio-militar",
    ),
    # --- combat_deployment ----------------------------------------------------------------
    yes("Работа в зоне СВО, выплаты каждый месяц.", "combat_deployment", "СВО"),
    yes(
        "Бойцов отправляют на передовую после двух недель подготовки.",
        "combat_deployment",
        "передовую",
    ),
    yes(
        "Направление: Запорожская область, строительство укреплений.",
        "combat_deployment",
        "Запорожская область",
    ),
    yes(
        "You will be deployed to the front line of the special military operation.",
        "combat_deployment",
        "front line",
    ),
    yes(
        "The unit takes part in combat operations near Donetsk.",
        "combat_deployment",
        "combat",
    ),
    yes(
        "Trabajo en la zona de combate, cerca de Donetsk.",
        "combat_deployment",
        "zona de combate",
    ),
    yes(
        "Los voluntarios participarán en la operación militar especial.",
        "combat_deployment",
        "operación militar especial",
    ),
    no(
        "Наших сотрудников никогда не направляют в зону СВО.",
        "combat_deployment",
        id="ru-never-sent-to-svo",
    ),
    no(
        "Скидка 10% для ветеранов СВО и членов их семей.",
        "combat_deployment",
        id="ru-svo-veterans-discount",
    ),
    no(
        "No war zone: the job is in a hotel kitchen in Dubai.",
        "combat_deployment",
        id="en-no-war-zone",
    ),
    no("Hotel in Antalya seeks a receptionist with good English.", "combat_deployment"),
    no(
        "No hay ninguna zona de combate; el trabajo es en un hotel de Cancún.",
        "combat_deployment",
        id="es-ninguna-zona-de-combate",
    ),
    no(
        "Требуется штурман на речное судно, вахта 30/30.",
        "combat_deployment",
        id="ru-shturman",
    ),
    no(
        "Бригада выходит на фронт работ сразу после оформления.",
        "combat_deployment",
        id="ru-front-rabot",
    ),
    no(
        "Front-line customer service staff needed for our London store.",
        "combat_deployment",
        id="en-front-line-staff",
    ),
    no(
        "Se busca persona al frente de la recepción del hotel.",
        "combat_deployment",
        id="es-al-frente-de",
    ),
    # --- military_production --------------------------------------------------------------
    yes(
        "Работа на сборке беспилотников в особой экономической зоне.",
        "military_production",
        "беспилотников",
    ),
    yes(
        "Требуются операторы производства на оборонное предприятие.",
        "military_production",
        "оборонное предприятие",
    ),
    yes(
        "After the first month students assemble drones at the factory.",
        "military_production",
        "drones",
    ),
    yes(
        "Work at a defence plant in Tatarstan, housing provided.",
        "military_production",
        "defence plant",
    ),
    yes(
        "Trabajo de montaje de drones en una planta industrial.",
        "military_production",
        "drones",
    ),
    yes(
        "Se necesitan operadores para la fabricación de drones.",
        "military_production",
        "drones",
    ),
    no("Сборка мебели на производстве в Подмосковье, оплата сдельная.", "military_production"),
    no("Assembling kitchen furniture at our factory in Poland.", "military_production"),
    no(
        "We do not produce drones or weapons; we make garden furniture.",
        "military_production",
        id="en-negated-drones",
    ),
    no(
        "No fabricamos armas ni drones: la planta produce muebles de cocina.",
        "military_production",
        id="es-negated-armas",
    ),
    no(
        "Требуются сборщики на производство теннисных ракеток.",
        "military_production",
        id="ru-tennis-rackets",
    ),
    no(
        "Drone operator needed for crop spraying on farms in Spain.",
        "military_production",
        id="en-agricultural-drone-operator",
    ),
    # --- term_extension -------------------------------------------------------------------
    yes(
        "Контракт действует до окончания специальной военной операции.",
        "term_extension",
        "до окончания",
    ),
    yes(
        "По истечении срока контракт продлевается автоматически.",
        "term_extension",
        "продлевается",
    ),
    yes(
        "Срок пребывания продлевается решением командира без согласия добровольца.",
        "term_extension",
        "продлевается",
    ),
    yes(
        "The contract remains in force until the end of the special military operation.",
        "term_extension",
        "until the end",
    ),
    yes(
        "Your contract will be extended automatically for another year.",
        "term_extension",
        "extended",
    ),
    yes(
        "El contrato se prorroga automáticamente cada seis meses.",
        "term_extension",
        "prorroga",
    ),
    yes(
        "El servicio dura hasta el final de la operación militar.",
        "term_extension",
        "hasta el final",
    ),
    no(
        "Контракт может быть продлён по соглашению сторон.",
        "term_extension",
        id="ru-renewal-by-agreement",
    ),
    no("Срок трудового договора — один год, до 31 декабря 2025 года.", "term_extension"),
    no(
        "The contract may be renewed by mutual agreement of both parties.",
        "term_extension",
        id="en-renewal-by-agreement",
    ),
    no(
        "The contract ends on 31 March 2025 and is not renewed automatically.",
        "term_extension",
        id="en-not-renewed",
    ),
    no(
        "El contrato puede renovarse de mutuo acuerdo entre ambas partes.",
        "term_extension",
        id="es-mutuo-acuerdo",
    ),
    no(
        "El contrato no se prorroga automáticamente.",
        "term_extension",
        id="es-no-se-prorroga",
    ),
    # --- no_early_exit --------------------------------------------------------------------
    yes(
        "Доброволец не вправе расторгнуть контракт досрочно.",
        "no_early_exit",
        "не вправе расторгнуть",
    ),
    yes(
        "Досрочное увольнение возможно только по возрасту, состоянию здоровья "
        "или по приговору суда.",
        "no_early_exit",
        "только",
    ),
    yes(
        "Досрочное расторжение контракта по инициативе Добровольца не допускается.",
        "no_early_exit",
        "не допускается",
    ),
    yes(
        "The Volunteer may not terminate this contract before its end on his own initiative.",
        "no_early_exit",
        "may not terminate",
    ),
    yes(
        "Workers cannot resign before the end of the two-year term.",
        "no_early_exit",
        "cannot resign",
    ),
    yes(
        "El trabajador no puede rescindir el contrato antes de su vencimiento.",
        "no_early_exit",
        "no puede rescindir",
    ),
    yes(
        "Durante el primer año está prohibido renunciar al puesto.",
        "no_early_exit",
        "renunciar",
    ),
    yes(
        "Работник не может уволиться до окончания срока договора.",
        "no_early_exit",
        "не может уволиться",
    ),
    yes("You can't go home before the contract ends.", "no_early_exit", "go home"),
    yes(
        "No se permite rescindir el contrato antes del plazo.",
        "no_early_exit",
        "rescindir",
    ),
    no(
        "Работник вправе расторгнуть договор в любое время, предупредив работодателя "
        "за две недели.",
        "no_early_exit",
        id="ru-worker-may-terminate-any-time",
    ),
    no(
        "Работодатель не вправе расторгнуть договор без согласия работника.",
        "no_early_exit",
        id="ru-employer-may-not-terminate",
    ),
    no(
        "Работник вправе расторгнуть договор досрочно в любое время, за исключением "
        "случаев, прямо предусмотренных законом.",
        "no_early_exit",
        id="ru-za-isklyucheniem-zakon",
    ),
    no(
        "Работник не может быть уволен без его согласия.",
        "no_early_exit",
        id="ru-may-not-be-dismissed",
    ),
    no(
        "The employee may terminate this agreement at any time with two weeks' notice.",
        "no_early_exit",
        id="en-employee-may-terminate",
    ),
    no(
        "The employer may not terminate the contract without a valid reason.",
        "no_early_exit",
        id="en-employer-may-not-terminate",
    ),
    no(
        "El trabajador puede renunciar en cualquier momento con un aviso de quince días.",
        "no_early_exit",
    ),
    no(
        "La empresa no puede rescindir el contrato sin causa justificada.",
        "no_early_exit",
        id="es-empresa-no-puede-rescindir",
    ),
    # --- document_retention ---------------------------------------------------------------
    yes(
        "Паспорт работника хранится в отделе кадров до окончания договора.",
        "document_retention",
        "Паспорт",
    ),
    yes(
        "Работник передаёт паспорт работодателю на хранение.",
        "document_retention",
        "паспорт",
    ),
    yes(
        "Исполнитель обязан сдать заграничный паспорт координатору по прибытии.",
        "document_retention",
        "паспорт",
    ),
    yes(
        "Your passport will be kept by the company for safekeeping.",
        "document_retention",
        "passport",
    ),
    yes(
        "Workers must hand over their passports to the supervisor on arrival.",
        "document_retention",
        "passports",
    ),
    yes(
        "El pasaporte queda retenido por la empresa durante el contrato.",
        "document_retention",
        "pasaporte",
    ),
    yes(
        "Al llegar debe entregar su pasaporte al coordinador.",
        "document_retention",
        "pasaporte",
    ),
    yes(
        "Паспорта сдаются старшему группы по прибытии.",
        "document_retention",
        "Паспорта",
    ),
    yes(
        "Workers' passports are held by the HR department.",
        "document_retention",
        "passports",
    ),
    no(
        "Работодатель не удерживает паспорт работника.",
        "document_retention",
        id="ru-employer-does-not-hold-passport",
    ),
    no(
        "Работник предъявляет паспорт при приёме на работу.",
        "document_retention",
        id="ru-passport-shown",
    ),
    no(
        "Работодатель хранит копию паспорта работника.",
        "document_retention",
        id="ru-passport-copy",
    ),
    no(
        "Паспорт и иные личные документы остаются у работника, за исключением случаев "
        "их временной передачи для оформления патента.",
        "document_retention",
        id="ru-za-isklyucheniem-peredachi",
    ),
    no(
        "You keep your passport at all times.",
        "document_retention",
        id="en-you-keep-your-passport",
    ),
    no(
        "We never hold workers' passports.",
        "document_retention",
        id="en-never-hold",
    ),
    no(
        "Usted conserva su pasaporte en todo momento.",
        "document_retention",
        id="es-usted-conserva",
    ),
    no(
        "La empresa nunca retiene pasaportes.",
        "document_retention",
        id="es-nunca-retiene",
    ),
    no(
        "Bring your original passport to the interview; it will be returned to you the same day.",
        "document_retention",
        id="en-passport-shown-at-interview",
    ),
    no(
        "Работник передаёт ксерокопию паспорта в отдел кадров.",
        "document_retention",
        id="ru-photocopy",
    ),
    no(
        "Please hand over a photocopy of your passport at registration.",
        "document_retention",
        id="en-photocopy",
    ),
    no(
        "Entregue una fotocopia del pasaporte en la oficina.",
        "document_retention",
        id="es-fotocopia",
    ),
    # --- worker_paid_fees -----------------------------------------------------------------
    yes(
        "Стоимость билета и оформления патента удерживается из первой зарплаты.",
        "worker_paid_fees",
        "удерживается",
    ),
    yes(
        "За трудоустройство нужно заплатить агенту 30 000 рублей.",
        "worker_paid_fees",
        "заплатить агенту",
    ),
    yes(
        "Перелёт оплачивает работодатель. Затем его стоимость удерживается из заработной платы.",
        "worker_paid_fees",
        "удерживается",
    ),
    yes(
        "The visa fee of 300 USD will be deducted from your first salary.",
        "worker_paid_fees",
        "deducted",
    ),
    yes(
        "Candidates must pay a recruitment fee of 1,500 USD before departure.",
        "worker_paid_fees",
        "recruitment fee",
    ),
    yes(
        "El costo del pasaje se descuenta del primer sueldo.",
        "worker_paid_fees",
        "descuenta",
    ),
    yes(
        "Hay que pagar al agente una comisión de 500 dólares.",
        "worker_paid_fees",
        "pagar",
    ),
    yes(
        "Оплата проезда до места работы производится за счёт работника.",
        "worker_paid_fees",
        "за счёт работника",
    ),
    yes(
        "Работник оплачивает медкомиссию и регистрацию за свой счёт.",
        "worker_paid_fees",
        "Работник оплачивает медкомиссию",
    ),
    yes(
        "You will need to pay 150,000 rupees for processing.",
        "worker_paid_fees",
        "pay",
    ),
    yes(
        "El trabajador paga su propio pasaje de avión.",
        "worker_paid_fees",
        "paga",
    ),
    no(
        "No recruitment fees are charged to workers.",
        "worker_paid_fees",
        id="en-no-recruitment-fees",
    ),
    no(
        "The employer pays for the flight and the visa.",
        "worker_paid_fees",
        id="en-employer-pays",
    ),
    no(
        "Income tax is deducted from your salary every month.",
        "worker_paid_fees",
        id="en-tax-deducted",
    ),
    no(
        "Налоги удерживаются из заработной платы в соответствии с законодательством.",
        "worker_paid_fees",
        id="ru-taxes-deducted",
    ),
    no(
        "Проезд и оформление документов оплачиваются за счёт работодателя.",
        "worker_paid_fees",
        id="ru-employer-pays",
    ),
    no(
        "Никакие удержания из заработной платы не производятся, за исключением налога "
        "на доходы физических лиц.",
        "worker_paid_fees",
        id="ru-za-isklyucheniem-naloga",
    ),
    no(
        "No deductions are made from your salary except income tax.",
        "worker_paid_fees",
        id="en-except-income-tax",
    ),
    no(
        "No se descuenta nada del salario, excepto los impuestos.",
        "worker_paid_fees",
        id="es-excepto-impuestos",
    ),
    no(
        "No se cobra ninguna comisión a los trabajadores.",
        "worker_paid_fees",
        id="es-no-se-cobra-comision",
    ),
    no(
        "El empleador paga el pasaje y la visa.",
        "worker_paid_fees",
        id="es-empleador-paga",
    ),
    no(
        "Los impuestos se descuentan del salario.",
        "worker_paid_fees",
        id="es-taxes-deducted",
    ),
    # --- wage_withholding -----------------------------------------------------------------
    yes(
        "Заработная плата выплачивается по окончании сезона.",
        "wage_withholding",
        "по окончании",
    ),
    yes(
        "Зарплата перечисляется на карту агента.",
        "wage_withholding",
        "карту агента",
    ),
    yes(
        "Штрафы за опоздания удерживаются из заработной платы.",
        "wage_withholding",
        "Штрафы",
    ),
    yes(
        "Your salary will be paid at the end of the contract.",
        "wage_withholding",
        "end of the contract",
    ),
    yes(
        "The first month's salary is withheld as a guarantee.",
        "wage_withholding",
        "withheld",
    ),
    yes(
        "El sueldo se paga al final del contrato.",
        "wage_withholding",
        "al final del contrato",
    ),
    yes(
        "El primer salario queda retenido como garantía.",
        "wage_withholding",
        "retenido",
    ),
    yes(
        "Банковскую карту и ПИН-код работник сдаёт бригадиру.",
        "wage_withholding",
        "Банковскую карту",
    ),
    yes(
        "La empresa guarda la tarjeta bancaria del trabajador.",
        "wage_withholding",
        "tarjeta",
    ),
    no(
        "Заработная плата выплачивается два раза в месяц: 10 и 25 числа.",
        "wage_withholding",
    ),
    no(
        "Первая зарплата не задерживается и выплачивается полностью.",
        "wage_withholding",
        id="ru-first-pay-not-held",
    ),
    no(
        "Wages are paid every two weeks directly into your own bank account.",
        "wage_withholding",
    ),
    no(
        "Your salary is never withheld.",
        "wage_withholding",
        id="en-never-withheld",
    ),
    no(
        "Salary paid monthly, plus a bonus at the end of the contract.",
        "wage_withholding",
        id="en-completion-bonus",
    ),
    no(
        "Зарплата выплачивается ежемесячно, по окончании контракта — премия.",
        "wage_withholding",
        id="ru-completion-bonus",
    ),
    no(
        "Candidates pay 2,000 USD to the agent for the visa.",
        "wage_withholding",
        id="en-fee-to-agent-is-not-wages",
    ),
    no(
        "El salario se paga cada mes en su cuenta bancaria.",
        "wage_withholding",
    ),
    # --- debt_bondage ---------------------------------------------------------------------
    yes(
        "Спишем долги и кредиты до 10 миллионов рублей при заключении контракта.",
        "debt_bondage",
        "Спишем долги",
    ),
    yes(
        "Долг за дорогу работник отрабатывает на объекте.",
        "debt_bondage",
        "отрабатывает",
    ),
    yes(
        "Ваши кредиты погасим после подписания контракта.",
        "debt_bondage",
        "погасим",
    ),
    yes(
        "We will clear all your loans if you join.",
        "debt_bondage",
        "clear",
    ),
    yes(
        "All your debts will be written off after you sign.",
        "debt_bondage",
        "written off",
    ),
    yes(
        "You will work off the loan for the ticket in the first six months.",
        "debt_bondage",
        "work off",
    ),
    yes(
        "Le condonamos las deudas si firma el contrato.",
        "debt_bondage",
        "condonamos",
    ),
    yes(
        "Debe trabajar para pagar la deuda del viaje.",
        "debt_bondage",
        "trabajar para pagar",
    ),
    no("Предоставляем беспроцентный заём на покупку инструмента.", "debt_bondage"),
    no("Работник не имеет задолженности перед работодателем.", "debt_bondage"),
    no(
        "We do not write off debts or give loans.",
        "debt_bondage",
        id="en-negated-write-off",
    ),
    no("Our partner bank offers car loans to staff.", "debt_bondage"),
    no("La empresa no concede préstamos a los trabajadores.", "debt_bondage"),
    # --- penalty_threat -------------------------------------------------------------------
    yes(
        "За досрочное расторжение договора работник выплачивает штраф 100 000 рублей.",
        "penalty_threat",
        "штраф",
    ),
    yes(
        "Самовольное оставление части влечёт уголовную ответственность.",
        "penalty_threat",
        "Самовольное оставление",
    ),
    yes(
        "При отказе от работы иностранному гражданину грозит депортация.",
        "penalty_threat",
        "депортация",
    ),
    yes(
        "If you leave before the end you must pay a fine of 2,000 USD.",
        "penalty_threat",
        "fine",
    ),
    yes(
        "Desertion is punishable under the Criminal Code.",
        "penalty_threat",
        "Desertion",
    ),
    yes(
        "Si abandona el trabajo antes de tiempo pagará una multa de 1000 dólares.",
        "penalty_threat",
        "multa",
    ),
    yes(
        "En caso de negarse a trabajar, será deportado.",
        "penalty_threat",
        "deportado",
    ),
    yes(
        "Breaking the contract will result in deportation.",
        "penalty_threat",
        "deportation",
    ),
    yes(
        "Quien abandone la unidad será juzgado por deserción.",
        "penalty_threat",
        "deserción",
    ),
    no(
        "Стороны несут ответственность в соответствии с законодательством РФ.",
        "penalty_threat",
    ),
    no(
        "Работник вправе досрочно расторгнуть договор без каких-либо штрафов.",
        "penalty_threat",
        id="ru-no-fines",
    ),
    no(
        "There is no penalty for leaving early.",
        "penalty_threat",
        id="en-no-penalty",
    ),
    no(
        "The employee may resign at any time without penalty.",
        "penalty_threat",
        id="en-without-penalty",
    ),
    no("You will not be fined for leaving.", "penalty_threat", id="en-not-fined"),
    no(
        "Puede renunciar sin ninguna multa ni penalización.",
        "penalty_threat",
        id="es-sin-multa",
    ),
    # --- movement_restriction -------------------------------------------------------------
    yes(
        "Покидать территорию объекта без разрешения руководителя запрещено.",
        "movement_restriction",
        "Покидать",
    ),
    yes(
        "Работникам не разрешается выходить за пределы общежития после 20:00.",
        "movement_restriction",
        "выходить",
    ),
    yes(
        "Выезд из региона только с разрешения командира.",
        "movement_restriction",
        "Выезд",
    ),
    yes(
        "Workers are not allowed to leave the camp without permission.",
        "movement_restriction",
        "leave",
    ),
    yes(
        "You cannot travel outside the city during the contract.",
        "movement_restriction",
        "travel",
    ),
    yes(
        "No se permite salir del recinto sin autorización.",
        "movement_restriction",
        "salir",
    ),
    yes(
        "Los trabajadores no pueden salir de la obra sin permiso.",
        "movement_restriction",
        "salir",
    ),
    yes(
        "Выход за территорию части запрещён.",
        "movement_restriction",
        "Выход",
    ),
    yes(
        "Выезд за пределы России без разрешения командира не допускается.",
        "movement_restriction",
        "Выезд",
    ),
    yes(
        "Leaving the country is not allowed until the contract ends.",
        "movement_restriction",
        "Leaving",
    ),
    no(
        "Работодатель не вправе запрещать работнику покидать территорию в нерабочее время.",
        "movement_restriction",
        id="ru-employer-may-not-forbid",
    ),
    no(
        "В свободное время работники могут свободно выезжать в город.",
        "movement_restriction",
    ),
    no(
        "Работник может свободно покидать общежитие, за исключением времени смены.",
        "movement_restriction",
        id="ru-za-isklyucheniem-smeny",
    ),
    no("You are free to leave the site after your shift.", "movement_restriction"),
    no("Staff may leave the premises during the lunch break.", "movement_restriction"),
    no("Puede salir de la residencia cuando quiera.", "movement_restriction"),
    no(
        "Never leave food in the dormitory rooms.",
        "movement_restriction",
        id="en-never-leave-food",
    ),
    # --- isolation ------------------------------------------------------------------------
    yes(
        "Мобильные телефоны сдаются командиру на весь срок.",
        "isolation",
        "телефоны",
    ),
    yes(
        "Общение с родственниками запрещено.",
        "isolation",
        "родственниками",
    ),
    yes("Mobile phones are confiscated on arrival.", "isolation", "phones"),
    yes(
        "Contact with family is not allowed during training.",
        "isolation",
        "family",
    ),
    yes(
        "Los teléfonos celulares se entregan al supervisor.",
        "isolation",
        "teléfonos",
    ),
    yes(
        "No se permite el contacto con la familia durante el primer mes.",
        "isolation",
        "familia",
    ),
    yes(
        "Телефоны выдаются по воскресеньям на один час.",
        "isolation",
        "Телефоны",
    ),
    no(
        "По всем вопросам звоните по телефону для связи: +7 900 123-45-67.",
        "isolation",
        id="ru-contact-phone",
    ),
    no(
        "Контактный телефон: +7 900 123-45-67, звонки не ограничиваем, пишите в любое время.",
        "isolation",
        id="ru-contact-phone-2",
    ),
    no(
        "For details, call us or send a WhatsApp message to +44 7700 900123.",
        "isolation",
        id="en-contact-phone",
    ),
    no("You can call your family every day; free Wi-Fi in the dormitory.", "isolation"),
    no("Contáctenos por WhatsApp al +34 600 123 456.", "isolation", id="es-contact-phone"),
    no("Puede llamar a su familia cuando quiera.", "isolation"),
    no("Employees must not disclose trade secrets.", "isolation", id="en-trade-secrets"),
    no(
        "Работник обязуется не разглашать сведения, составляющие государственную тайну.",
        "isolation",
        id="ru-state-secret",
    ),
    # --- disguised_role -------------------------------------------------------------------
    yes(
        "Требуются водители для доставки гуманитарных грузов в зону СВО. "
        "Зарплата от 200 000 рублей, звоните.",
        "disguised_role",
        "водители",
    ),
    yes(
        "Вакансия: повар в воинскую часть, контракт с Минобороны. Звоните.",
        "disguised_role",
        "повар",
    ),
    yes(
        "Hiring helpers for the Russian army, no combat. Salary 2,000 USD, apply now.",
        "disguised_role",
        "helpers",
    ),
    yes(
        "Security guard vacancies in the war zone near Donetsk. Contact us on WhatsApp.",
        "disguised_role",
        "Security guard",
    ),
    yes(
        "Se buscan ayudantes de cocina para el ejército ruso. Salario 2000 dólares.",
        "disguised_role",
        "ayudantes",
    ),
    yes(
        "Se necesitan choferes para la zona de combate en Donetsk. Contacto por WhatsApp.",
        "disguised_role",
        "choferes",
    ),
    no(
        "Требуется водитель на доставку продуктов по Москве. Зарплата от 80 000 рублей.",
        "disguised_role",
    ),
    no(
        "Требуется охранник в торговый центр. Требования: военный билет, опыт от 1 года.",
        "disguised_role",
        id="ru-guard-with-military-id",
    ),
    no(
        "Hiring drivers for a logistics company in Poland. Ex-army welcome.",
        "disguised_role",
        id="en-drivers-ex-army",
    ),
    no("Hotel cooks wanted in Dubai, salary 1,200 USD.", "disguised_role"),
    no(
        "Se busca cocinero para un restaurante en Madrid. Se valora experiencia militar.",
        "disguised_role",
        id="es-cocinero-experiencia-militar",
    ),
    # --- citizenship_lure -----------------------------------------------------------------
    yes(
        "После контракта — гражданство РФ для вас и вашей семьи.",
        "citizenship_lure",
        "гражданство",
    ),
    yes(
        "Поможем получить вид на жительство в ускоренном порядке.",
        "citizenship_lure",
        "вид на жительство",
    ),
    yes(
        "You and your family will get Russian citizenship after one year.",
        "citizenship_lure",
        "citizenship",
    ),
    yes("Fast residence permit for all recruits.", "citizenship_lure", "residence permit"),
    yes(
        "Obtendrá la ciudadanía rusa en seis meses.",
        "citizenship_lure",
        "ciudadanía",
    ),
    yes(
        "Residencia permanente para usted y su familia.",
        "citizenship_lure",
        "Residencia permanente",
    ),
    yes(
        "Иностранцы, подписавшие контракт, и члены их семей получают гражданство РФ "
        "в упрощённом порядке.",
        "citizenship_lure",
        "гражданство",
    ),
    no(
        "Работник обязан предъявить вид на жительство при трудоустройстве.",
        "citizenship_lure",
        id="ru-must-show-residence",
    ),
    no("Требование: гражданство РФ или вид на жительство.", "citizenship_lure"),
    no(
        "Документы для оформления: паспорт, вид на жительство или РВП.",
        "citizenship_lure",
        id="ru-documents-required",
    ),
    no(
        "Applicants must hold a valid residence permit.",
        "citizenship_lure",
        id="en-must-hold-permit",
    ),
    no(
        "Only EU citizens or holders of a residence permit may apply.",
        "citizenship_lure",
        id="en-permit-holders-may-apply",
    ),
    no(
        "Debe tener residencia legal en la Unión Europea.",
        "citizenship_lure",
        id="es-debe-tener",
    ),
    # --- pay_lure -------------------------------------------------------------------------
    yes(
        "Единовременная выплата 1 500 000 рублей при подписании контракта.",
        "pay_lure",
        "1 500 000",
    ),
    yes(
        "Вакансия: грузчик в Москве. Зарплата от 250 000 рублей в месяц, звоните.",
        "pay_lure",
        "250 000",
    ),
    yes(
        "Signing bonus of 1,200,000 rubles paid on arrival.",
        "pay_lure",
        "1,200,000",
    ),
    yes(
        "Helpers needed in Russia, salary 3,000 USD per month, contact us.",
        "pay_lure",
        "3,000",
    ),
    yes(
        "Bono de 2.000.000 de rublos al firmar el contrato.",
        "pay_lure",
        "2.000.000",
    ),
    yes(
        "Se buscan albañiles para Rusia, salario de 2500 dólares al mes. Contacto por WhatsApp.",
        "pay_lure",
        "2500",
    ),
    no("Вакансия: кассир. Зарплата от 60 000 рублей в месяц, звоните.", "pay_lure"),
    no("Salary 1,800 GBP per month for a farm worker in Kent.", "pay_lure"),
    no("Salario de 1200 euros al mes en un hotel de Cancún.", "pay_lure"),
    # --- irregular_entry ------------------------------------------------------------------
    yes(
        "Въезд по туристической визе, на месте всё оформим.",
        "irregular_entry",
        "туристической визе",
    ),
    yes(
        "Разрешение на работу не нужно, работаем без патента.",
        "irregular_entry",
        "Разрешение на работу",
    ),
    yes(
        "You will travel on a tourist visa and we arrange everything there.",
        "irregular_entry",
        "tourist visa",
    ),
    yes("No work permit needed, start immediately.", "irregular_entry", "work permit"),
    yes(
        "Viaja con visa de turista, el contrato se firma en Rusia.",
        "irregular_entry",
        "visa de turista",
    ),
    yes("No necesita permiso de trabajo.", "irregular_entry", "permiso de trabajo"),
    yes(
        "Come on a student visa and work part-time in the factory.",
        "irregular_entry",
        "student visa",
    ),
    no(
        "Граждане ЕАЭС (Казахстан, Киргизия, Армения, Беларусь) работают без патента.",
        "irregular_entry",
        id="ru-eaeu-without-patent",
    ),
    no("Для граждан Узбекистана требуется патент на работу.", "irregular_entry"),
    no(
        "Citizens of Kazakhstan and Kyrgyzstan (EAEU) do not need a work permit in Russia.",
        "irregular_entry",
        id="en-eaeu-no-permit",
    ),
    no(
        "EU citizens need no work permit in Poland.",
        "irregular_entry",
        id="en-eu-no-permit",
    ),
    no(
        "Los ciudadanos de la Unión Europea no necesitan permiso de trabajo en España.",
        "irregular_entry",
        id="es-eu-no-permit",
    ),
    no(
        "We sponsor a proper work visa; never travel on a tourist visa to work.",
        "irregular_entry",
        id="en-never-travel-on-tourist-visa",
    ),
    no("A valid work permit is required; the employer applies for it.", "irregular_entry"),
    no("La empresa tramita el permiso de trabajo antes del viaje.", "irregular_entry"),
    no(
        "Nunca viaje con visa de turista para trabajar.",
        "irregular_entry",
        id="es-nunca-visa-de-turista",
    ),
    # --- pressure_tactics -----------------------------------------------------------------
    yes("Осталось всего 3 места, торопитесь!", "pressure_tactics", "Осталось"),
    yes("Отправка на этой неделе, решайтесь.", "pressure_tactics", "Отправка"),
    yes(
        "Никому не говорите о нашем разговоре.",
        "pressure_tactics",
        "Никому не",
    ),
    yes("Only 5 places left, flight this week!", "pressure_tactics", "places"),
    yes(
        "Don't tell your family about this job until you arrive.",
        "pressure_tactics",
        "Don't tell",
    ),
    yes("¡Plazas limitadas! Salida esta semana.", "pressure_tactics", "Plazas limitadas"),
    yes(
        "No le diga a nadie sobre esta oferta.",
        "pressure_tactics",
        "No le diga a nadie",
    ),
    yes("Выезд завтра, места ограничены.", "pressure_tactics", "места ограничены"),
    no(
        "Срочно требуется продавец в магазин, график 2/2.",
        "pressure_tactics",
        id="ru-srochno-trebuetsya",
    ),
    no("Мест в общежитии достаточно для всех.", "pressure_tactics"),
    no(
        "Applications are open until 30 June; take your time to read the contract.",
        "pressure_tactics",
    ),
    no("Urgently hiring cleaners for an office in Manchester.", "pressure_tactics"),
    no("Tómese su tiempo para leer el contrato antes de firmar.", "pressure_tactics"),
    no(
        "You can join next week or next month, whenever suits you.",
        "pressure_tactics",
        id="en-flexible-start",
    ),
    # --- known_risk_entity ----------------------------------------------------------------
    yes(
        "Программа «Алабуга Старт»: обучение и работа в Татарстане.",
        "known_risk_entity",
        "Алабуга Старт",
    ),
    yes(
        "Приглашаем на обучение и работу в Алабуге, проживание бесплатно.",
        "known_risk_entity",
        "Алабуге",
    ),
    yes("Join Alabuga Start: study and work in Russia!", "known_risk_entity", "Alabuga Start"),
    yes(
        "Programa Alabuga Start: estudia y trabaja en Rusia.",
        "known_risk_entity",
        "Alabuga",
    ),
    no("Программа «Старт» для выпускников колледжей в Казани.", "known_risk_entity"),
    no("Start your career with our graduate programme in Kazan.", "known_risk_entity"),
    no("Programa de prácticas en Kazán para estudiantes.", "known_risk_entity"),
    # --- demographic_targeting ------------------------------------------------------------
    yes(
        "Приглашаем девушек 18–22 лет на обучение и работу.",
        "demographic_targeting",
        "18–22",
    ),
    yes("Только девушки, опыт не нужен.", "demographic_targeting", "девушки"),
    yes(
        "Girls only, aged 18 to 22, no experience needed.",
        "demographic_targeting",
        "Girls only",
    ),
    yes("Solo chicas de 18 a 22 años.", "demographic_targeting", "Solo chicas"),
    no("Возраст кандидатов от 20 до 45 лет.", "demographic_targeting"),
    no("Applicants aged 18 to 60, men and women welcome.", "demographic_targeting"),
    no("Edad: de 20 a 50 años, hombres y mujeres.", "demographic_targeting"),
    no(
        "Senior welders with 15-20 years of experience wanted.",
        "demographic_targeting",
        id="en-years-of-experience",
    ),
]


def _overlaps(text: str, keyword: str, start: int, end: int) -> bool:
    return any(
        m.start() < end and start < m.end()
        for m in re.finditer(re.escape(keyword), text, re.IGNORECASE)
    )


@pytest.mark.parametrize(("text", "flag", "expected", "keyword"), ROWS)
def test_flag(text: str, flag: str, expected: bool, keyword: str | None) -> None:
    report = analyse(text)
    if not expected:
        assert flag not in report.flag_ids, [f.evidence for f in report.flags if f.flag == flag]
        return
    assert flag in report.flag_ids, report.flag_ids
    assert keyword is not None and keyword.lower() in text.lower(), "bad row: keyword not in text"
    finding = next(f for f in report.flags if f.flag == flag)
    assert finding.evidence
    for evidence in finding.evidence:
        assert evidence.quote in text
        assert text[evidence.raw_start : evidence.raw_end] == evidence.quote
    quotes = [e.quote for e in finding.evidence]
    assert any(_overlaps(text, keyword, e.raw_start, e.raw_end) for e in finding.evidence), quotes


def test_every_flag_has_three_positive_and_three_negative_rows() -> None:
    """Three passing rows each way per flag, not counting the known gaps."""
    positives: dict[str, int] = {}
    negatives: dict[str, int] = {}
    for row in ROWS:
        if row.marks:  # a known gap does not count towards coverage
            continue
        _, flag, expected, _ = row.values
        counts = positives if expected else negatives
        counts[flag] = counts.get(flag, 0) + 1
    for flag in FLAGS:
        if flag == "unreadable_language":
            continue
        assert positives.get(flag, 0) >= 3, flag
        assert negatives.get(flag, 0) >= 3, flag


# --- morphology ---------------------------------------------------------------------------

PASSPORT_FORMS = [
    pytest.param("Паспорт работника хранится у работодателя.", "Паспорт", id="nominative"),
    pytest.param(
        "На время работы работодатель удерживает паспорта работников.", "паспорта", id="plural"
    ),
    pytest.param(
        "Работодатель распоряжается паспортом работника и хранит его в сейфе.",
        "паспортом",
        id="instrumental",
    ),
]


@pytest.mark.parametrize(("text", "form"), PASSPORT_FORMS)
def test_passport_retention_in_every_grammatical_form(text: str, form: str) -> None:
    report = analyse(text)
    assert "document_retention" in report.flag_ids
    finding = next(f for f in report.flags if f.flag == "document_retention")
    assert any(form in e.quote and e.quote in text for e in finding.evidence)


# --- flags implied by Russian law ---------------------------------------------------------

MILITARY_CONTRACT = """КОНТРАКТ
о прохождении военной службы № 12/77

г. Ростов-на-Дону                                              «14» марта 2024 г.

Министерство обороны Российской Федерации в лице военного комиссара Ростовской области и \
гражданин Республики Непал Рамеш Гурунг, 1998 года рождения, заключили настоящий контракт \
о нижеследующем.
1. Гражданин добровольно поступает на военную службу по контракту сроком на один год и \
обязуется проходить её в Вооружённых Силах Российской Федерации.
2. Военнослужащему выплачивается денежное довольствие ежемесячно.
3. Контракт вступает в силу со дня его подписания.
"""

VOLUNTEER_CONTRACT = """КОНТРАКТ
о пребывании в добровольческом формировании

г. Воронеж                                                   «06» сентября 2023 г.

Министерство обороны Российской Федерации в лице командира войсковой части 77001 \
(далее — Командование) и гражданин Захаров Денис Олегович (далее — Доброволец) заключили \
настоящий контракт о нижеследующем.
1. Доброволец поступает в добровольческий отряд сроком на шесть месяцев.
2. Командование обязуется выплачивать Добровольцу ежемесячное вознаграждение и обеспечивать \
его вещевым имуществом и питанием.
"""

POLICE_CONTRACT = """КОНТРАКТ
о прохождении службы в органах внутренних дел Российской Федерации

г. Казань                                                    «01» февраля 2024 г.

Министерство внутренних дел по Республике Татарстан в лице министра (далее — руководитель) \
и гражданин Российской Федерации Сафин Ильдар Маратович (далее — сотрудник) заключили \
настоящий контракт о нижеследующем.
1. Сотрудник обязуется проходить службу в органах внутренних дел в должности \
участкового уполномоченного полиции сроком на четыре года.
2. Сотруднику выплачивается денежное довольствие ежемесячно.
"""

LAW_CITATION = {"term_extension": "647", "no_early_exit": "647", "penalty_threat": "337"}


def test_military_contract_is_classified() -> None:
    assert analyse(MILITARY_CONTRACT).doc_type.doc_type == "military_contract"


@pytest.mark.parametrize("flag", LAW_IMPLIED)
def test_russian_military_contract_raises_law_implied_flags(flag: str) -> None:
    report = analyse(MILITARY_CONTRACT)
    assert flag in report.flag_ids
    finding = next(f for f in report.flags if f.flag == flag)
    assert finding.implied_by_law is True
    citations = " ".join(ref.citation for ref in finding.legal)
    assert LAW_CITATION[flag] in citations
    for evidence in finding.evidence:
        assert evidence.quote in MILITARY_CONTRACT


def test_military_contract_law_references_cite_647_and_337() -> None:
    report = analyse(MILITARY_CONTRACT)
    citations = " ".join(
        ref.citation for f in report.flags if f.flag in LAW_IMPLIED for ref in f.legal
    )
    assert "647" in citations
    assert "337" in citations


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(VOLUNTEER_CONTRACT, id="volunteer-formation-silent"),
        pytest.param(POLICE_CONTRACT, id="police-contract"),
    ],
)
@pytest.mark.parametrize("flag", LAW_IMPLIED)
def test_law_implied_flags_not_raised_for_other_contracts(text: str, flag: str) -> None:
    assert flag not in analyse(text).flag_ids


def test_volunteer_contract_is_still_military_service() -> None:
    report = analyse(VOLUNTEER_CONTRACT)
    assert report.doc_type.doc_type == "volunteer_formation_contract"
    assert "military_service" in report.flag_ids


def test_police_contract_is_state_service_not_military() -> None:
    report = analyse(POLICE_CONTRACT)
    assert report.doc_type.doc_type == "state_service_contract"
    assert "military_service" not in report.flag_ids
