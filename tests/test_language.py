"""Language detection: articles not in English are reported as unsupported, not mis-extracted.
Every text here was written for these tests."""

from __future__ import annotations

import pytest

from contested.pipeline.language import REJECT_AT, detect_language, is_supported, unsupported_language

ENGLISH = (
    "Azerbaijan said on Wednesday that Armenian forces had shelled the town of Barda overnight, killing "
    "four civilians and wounding nine others. Armenia's defence ministry denied the claim and said its "
    "troops had not fired at any civilian area since the truce was agreed."
)
FRENCH = (
    "Les forces armées ont bombardé la ville de Goma dans la nuit de mardi, faisant au moins quatre morts "
    "parmi les civils, selon un responsable local. Le porte-parole des rebelles a démenti toute implication "
    "et a accusé l'armée d'avoir visé un marché."
)
SPANISH = (
    "Un grupo de hombres armados atacó la comisaría de policía de Cali el martes por la noche y mató a dos "
    "agentes, según informó el alcalde. Las autoridades dijeron que los atacantes huyeron hacia las montañas "
    "después del enfrentamiento con el ejército."
)
RUSSIAN = (
    "Во вторник вечером город Харьков подвергся ракетному удару, в результате которого погибли три человека, "
    "сообщили местные власти. В министерстве обороны заявили, что ответственность лежит на противнике."
)
UKRAINIAN = "У вівторок увечері Харків зазнав ракетного удару, загинули троє людей, повідомила місцева влада."
ARABIC = (
    "قصفت طائرات حربية مدينة حلب مساء الثلاثاء مما أدى إلى مقتل أربعة مدنيين وإصابة تسعة آخرين، "
    "بحسب ما أفاد مسؤولون محليون. ونفت وزارة الدفاع أي علاقة لها بالهجوم."
)
GERMAN = (
    "Nach Angaben der örtlichen Behörden wurden bei dem Angriff auf die Stadt in der Nacht zum Dienstag "
    "mindestens vier Zivilisten getötet. Das Verteidigungsministerium wies die Vorwürfe zurück und sprach "
    "von einer Provokation."
)
PORTUGUESE = (
    "Homens armados atacaram uma aldeia no norte de Moçambique na terça-feira e mataram pelo menos cinco "
    "pessoas, segundo a polícia. O governo não comentou o ataque, que foi o terceiro na região este mês."
)
# English with quoted words and names in other scripts and languages
MIXED_MOSTLY_ENGLISH = (
    "Residents of Aleppo said the strike hit a bakery at dawn. \"قصفوا المخبز\" (they bombed the bakery), one "
    "man told reporters. Local officials in Харьков and a spokesman who said « nous ne savons rien » could not "
    "confirm the toll, but the army said it had not carried out any strike in the area on Tuesday."
)
# Arabic report with a few English names in it
MIXED_MOSTLY_ARABIC = ARABIC + " Reuters UN OCHA."


@pytest.mark.parametrize(("text", "code"), [
    (ENGLISH, "en"), (FRENCH, "fr"), (SPANISH, "es"), (RUSSIAN, "ru"), (UKRAINIAN, "uk"), (ARABIC, "ar"),
    (GERMAN, "de"), (PORTUGUESE, "pt"), (MIXED_MOSTLY_ENGLISH, "en"), (MIXED_MOSTLY_ARABIC, "ar"),
])
def test_detects_the_language(text, code):
    found, confidence = detect_language(text)
    assert found == code
    assert confidence >= REJECT_AT, (found, confidence)
    assert is_supported(text) == (code == "en")


@pytest.mark.parametrize("text", [
    "Rebels shelled Goma.",                 # a headline: few function words
    "Barda, Tartar, Stepanakert",           # names only
    "Explosions in Kyiv",
    "KHARKIV (Reuters) -",
    "Bombardement à Goma.",                 # too short to be sure it is not English
    "Ataque en Cali",
    "4 killed",
    "",
    "   \n\n ",
    "12 / 03 / 2024 — 17:45",
])
def test_short_texts_are_never_rejected(text):
    assert is_supported(text)
    assert unsupported_language(text) is None


def test_english_with_many_names_and_numbers_is_supported():
    text = ("Barda, Tartar, Goranboy, Aghdam, Fuzuli, Jabrayil, Stepanakert, Martuni, Hadrut, Shusha: 21 killed, "
            "70 wounded, 12 missing in the shelling, the ministry said.")
    assert is_supported(text)


def test_unsupported_language_names_it_and_respects_the_declared_language():
    assert unsupported_language(FRENCH) == "French (fr)"
    assert unsupported_language(ARABIC) == "Arabic (ar)"
    assert unsupported_language(ENGLISH) is None
    # a declared language wins over detection, both ways
    assert unsupported_language(FRENCH, "en") is None
    assert unsupported_language(FRENCH, "en-GB") is None
    assert unsupported_language(ENGLISH, "fr") == "French (fr)"
    assert unsupported_language("Rebels shelled Goma.", "ru") == "Russian (ru)"
    assert unsupported_language(ENGLISH, "xx-YY") == "'xx-YY'"
    assert unsupported_language(FRENCH, "  ") == "French (fr)"  # blank: detected


def test_detection_is_cheap_on_a_huge_article():
    import time

    started = time.monotonic()
    code, _ = detect_language(ENGLISH * 5000)  # about 1.3 million characters
    assert code == "en"
    assert time.monotonic() - started < 2.0


def test_japanese_and_chinese_are_told_apart():
    assert detect_language("東京で火曜日にミサイルの警報が出され、住民が避難した。")[0] == "ja"
    assert detect_language("周二晚上，导弹袭击了该市，造成三人死亡。")[0] == "zh"


def test_extract_article_skips_an_unsupported_language(resources):
    """Once extract_article checks the language (see pipeline/language.py), a French article
    gives a warning and no events, and a declared ``language`` is respected."""
    import contested.pipeline as pipeline
    from contested.records import Article

    if not hasattr(pipeline, "unsupported_language"):
        pytest.skip("extract_article does not check the language yet")
    result = pipeline.extract_article(Article(text=FRENCH, origin="fr.txt"), resources)
    assert result.events == ()
    assert "language looks like French (fr); only English is supported; not extracted" in result.warnings[0]
    declared = pipeline.extract_article(Article(text=ENGLISH, language="ar"), resources)
    assert declared.events == () and "Arabic (ar)" in declared.warnings[0]
    assert pipeline.extract_article(Article(text=ENGLISH, language="en-GB"), resources).events
