"""Language identification on short recruiting and contract snippets."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beforeyousign.language import SUPPORTED, UNSURE, LanguageGuess, detect_language

# Realistic sentences from job ads, chats and contracts; at least two per language.
SNIPPETS: list[tuple[str, str]] = [
    (
        "ru",
        "Военнослужащий обязуется проходить военную службу в течение "
        "одного года, в том числе в зоне специальной военной операции.",
    ),
    ("ru", "Работодатель хранит паспорт работника до окончания срока действия договора."),
    (
        "ru",
        "Требуются разнорабочие на стройку в Москве, зарплата "
        "от 150 000 рублей, проживание бесплатно.",
    ),
    ("ru", "Паспорт отдадим после приезда, билет оплатим, не переживай брат"),
    ("uk", "Роботодавець зберігає паспорт працівника до закінчення терміну дії договору."),
    (
        "uk",
        "Потрібні будівельники в Польщу, зарплата від 1200 "
        "євро, житло безкоштовне, віза за наш рахунок.",
    ),
    ("uk", "Цей контракт укладається строком на один рік і не може бути розірваний достроково."),
    (
        "en",
        "Helpers and security guards needed for an army camp "
        "in Russia, no war duty, salary 1,50,000 per month.",
    ),
    ("en", "The employer will keep your passport until the end of the contract for safe keeping."),
    ("en", "Visa and ticket arranged by us, cost adjusted from first salary."),
    (
        "es",
        "Se buscan trabajadores para la construcción en Rusia, "
        "salario de 2000 dólares al mes, vivienda gratis.",
    ),
    (
        "es",
        "El contrato tiene una duración de un año y el empleador "
        "guardará su pasaporte durante ese tiempo.",
    ),
    (
        "fr",
        "Nous recrutons des agents de sécurité pour la Russie, "
        "salaire de 2000 dollars par mois, logement gratuit.",
    ),
    (
        "fr",
        "Le contrat est conclu pour une durée d'un an et l'employeur conservera votre passeport.",
    ),
    ("hi", "रूस में सुरक्षा गार्ड और हेल्पर की नौकरी है, वेतन डेढ़ लाख रुपये महीना है और खाना मुफ्त है।"),
    ("hi", "एजेंट ने कहा कि यह सेना का काम नहीं है, केवल कैंप में मदद करनी है।"),
    ("hi", "अनुबंध एक साल का होगा और नियोक्ता आपका पासपोर्ट अपने पास रखेगा।"),
    ("ne", "रूसमा सुरक्षा गार्डको काम छ, तलब महिनाको डेढ लाख रुपैयाँ हो र खाना निःशुल्क छ।"),
    ("ne", "एजेन्टले यो सेनाको काम होइन भनेको थियो, केवल क्याम्पमा सहयोग गर्नुपर्छ।"),
    ("ne", "सम्झौता एक वर्षको हुनेछ र रोजगारदाताले तपाईंको राहदानी आफूसँग राख्नेछ।"),
    ("ar", "مطلوب عمال بناء للعمل في روسيا براتب ألفي دولار شهريا مع سكن مجاني وتذكرة طيران."),
    ("ar", "يحتفظ صاحب العمل بجواز سفر العامل حتى انتهاء مدة العقد."),
    (
        "uz",
        "Rossiyada qurilish ishi uchun ishchilar kerak, oylik maosh 2000 dollar, yotoqxona bepul.",
    ),
    ("uz", "Shartnoma bir yil muddatga tuziladi va ish beruvchi pasportingizni saqlab qoʻyadi."),
    ("uz", "Россияда қурилиш иши учун ишчилар керак, ойлик маош 2000 доллар, ётоқхона бепул."),
    ("uz", "Шартнома бир йил муддатга тузилади ва иш берувчи паспортингизни сақлаб қўяди."),
    ("bn", "রাশিয়ায় নিরাপত্তা রক্ষীর চাকরি, মাসিক বেতন দুই হাজার ডলার, থাকা খাওয়া ফ্রি।"),
    ("bn", "চুক্তির মেয়াদ এক বছর এবং নিয়োগকর্তা আপনার পাসপোর্ট রেখে দেবে।"),
    ("si", "රුසියාවේ ආරක්ෂක රැකියා සඳහා සේවකයින් අවශ්\u200dයයි, මාසික වැටුප ඩොලර් දෙදහසකි."),
    ("si", "ගිවිසුම වසරක කාලයක් සඳහා වන අතර සේවා යෝජකයා ඔබේ ගමන් බලපත්\u200dරය තබා ගනී."),
    ("ta", "ரஷ்யாவில் பாதுகாப்பு பணிக்கு ஆட்கள் தேவை, மாத சம்பளம் இரண்டாயிரம் டாலர், தங்குமிடம் இலவசம்."),
    ("ta", "ஒப்பந்தம் ஒரு வருடத்திற்கு செல்லுபடியாகும், உங்கள் கடவுச்சீட்டை முதலாளி வைத்திருப்பார்."),
    (
        "so",
        "Waxaa loo baahan yahay shaqaale dhismaha oo ka shaqeeya "
        "Ruushka, mushaharku waa laba kun oo doollar bishii.",
    ),
    ("so", "Heshiisku wuxuu socdaa hal sano, loo shaqeeyuhuna wuxuu hayn doonaa baasaboorkaaga."),
    ("ur", "روس میں سیکیورٹی گارڈ کی نوکری ہے، تنخواہ دو ہزار ڈالر ماہانہ ہے اور رہائش مفت ہے۔"),
    ("ur", "معاہدہ ایک سال کے لیے ہے اور آجر آپ کا پاسپورٹ اپنے پاس رکھے گا۔"),
    (
        "fa",
        "برای کار ساختمانی در روسیه کارگر نیاز داریم، حقوق ماهانه دو هزار دلار و مسکن رایگان است.",
    ),
    ("fa", "قرارداد برای یک سال است و کارفرما گذرنامه شما را نگه می\u200cدارد."),
    (
        "pt",
        "Procuramos trabalhadores para a construção na Rússia, "
        "salário de dois mil dólares por mês, alojamento grátis.",
    ),
    ("pt", "O contrato tem a duração de um ano e o empregador ficará com o seu passaporte."),
    (
        "de",
        "Wir suchen Bauarbeiter für Russland, Gehalt zweitausend "
        "Dollar im Monat, Unterkunft kostenlos.",
    ),
    ("de", "Der Vertrag gilt für ein Jahr und der Arbeitgeber behält Ihren Reisepass."),
    (
        "tg",
        "Барои кор дар сохтмони Русия коргарон лозиманд, "
        "музди моҳона ду ҳазор доллар, манзил ройгон аст.",
    ),
    ("tg", "Шартнома ба мӯҳлати як сол баста мешавад ва корфармо шиносномаи шуморо нигоҳ медорад."),
    (
        "ky",
        "Орусияда курулушта иштөө үчүн жумушчулар керек, "
        "айлык эмгек акы эки миң доллар, жатакана акысыз.",
    ),
    ("ky", "Келишим бир жылга түзүлөт жана иш берүүчү паспортуңузду сактап калат."),
    (
        "kk",
        "Ресейде құрылыс жұмысына жұмысшылар қажет, айлық жалақы екі мың доллар, жатақхана тегін.",
    ),
    ("kk", "Келісімшарт бір жылға жасалады және жұмыс беруші төлқұжатыңызды сақтайды."),
    ("ru", "Контракт о прохождении военной службы заключается сроком на один год."),
    ("en", "Contact the agent on WhatsApp, limited seats, leaving this month."),
    ("es", "Contrato por un año, el pasaporte queda con la empresa hasta el final del contrato."),
    ("uz", "Ish beruvchi bilan shartnoma tuzilgandan keyin viza va chipta beriladi."),
]


def test_snippets_cover_every_supported_language_twice() -> None:
    counts = {lang: sum(1 for code, _ in SNIPPETS if code == lang) for lang in SUPPORTED}
    assert all(count >= 2 for count in counts.values()), counts


@pytest.mark.parametrize(
    ("expected", "text"), SNIPPETS, ids=[f"{c}-{i}" for i, (c, _) in enumerate(SNIPPETS)]
)
def test_snippet_language(expected: str, text: str) -> None:
    guess = detect_language(text)
    assert guess.code == expected
    assert 0.5 <= guess.confidence <= 1.0


def test_at_least_ninety_percent_right() -> None:
    right = sum(detect_language(text).code == lang for lang, text in SNIPPETS)
    assert right / len(SNIPPETS) >= 0.9


UNSURE_ROWS = [
    pytest.param("", id="empty"),
    pytest.param("   \n\t ", id="whitespace"),
    pytest.param("12 345 678, 01.06.2025 +971 50 123 4567", id="numbers-only"),
    pytest.param("hello", id="five-letters"),
    pytest.param("Паспорт", id="one-word"),
    pytest.param("Контракт contract контракт contract контракт contract", id="mixed-scripts"),
    pytest.param(
        "Работа в России / Work in Russia / रूस में काम / Trabajo en Rusia", id="four-scripts"
    ),
    pytest.param("Kerja di Rusia gaji besar, tiket gratis, hubungi agen sekarang", id="indonesian"),
    pytest.param(
        "Bhai Russia mein kaam hai, salary do lakh milegi, ticket free hai", id="romanised-hindi"
    ),
    pytest.param(
        "東京で働く仕事があります、給料は高いです、ビザは無料です", id="unsupported-script"
    ),
]


@pytest.mark.parametrize("text", UNSURE_ROWS)
def test_unsure(text: str) -> None:
    guess = detect_language(text)
    assert guess.code == UNSURE
    assert not guess.sure


def test_nepali_markers_overrule_a_close_call() -> None:
    text = "म रूसमा काम गर्न जान्छु, तलब राम्रो छ र खाना पनि छ।"
    assert detect_language(text).code == "ne"


def test_hindi_markers() -> None:
    text = "मैं रूस में काम करने जा रहा हूं, वेतन अच्छा है और खाना भी मुफ्त है।"
    assert detect_language(text).code == "hi"


def test_long_document_is_sampled() -> None:
    text = "Военнослужащий обязуется проходить военную службу. " * 5000
    guess = detect_language(text)
    assert guess.code == "ru" and guess.confidence > 0.9
    assert isinstance(guess, LanguageGuess)


def test_importing_does_not_load_the_model() -> None:
    """The model costs ~0.6 s to load; CLI cold start must not pay it before it is needed."""
    code = "import sys, beforeyousign.language; print('py3langid' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=300))
def test_never_crashes(text: str) -> None:
    guess = detect_language(text)
    assert guess.code in SUPPORTED or guess.code == UNSURE
    assert 0.0 <= guess.confidence <= 1.0
