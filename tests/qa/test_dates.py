import pytest

from qa.dates import date_given, find_dates, human, resolve


def test_finds_dates_in_french_and_english():
    text = "Le 3 avril 2025, Moscou a accueilli ; en janvier 2025 ; formée en 2023, ; it happened on April 3, 2025."
    assert [d.text for d in find_dates(text)] == ["3 avril 2025", "janvier 2025", "2023", "April 3, 2025"]


def test_may_mai_and_mars_are_months_after_a_preposition_or_beside_a_number():
    assert [d.text for d in find_dates("Where will he go in May?")] == ["May"]
    assert [d.text for d in find_dates("Il partira début mars.")] == ["mars"]
    assert [d.text for d in find_dates("Le 3 mai, il part.")] == ["3 mai"]
    assert find_dates("You may go.") == [] and find_dates("La planète Mars est rouge.") == []


def test_a_range_is_one_date():
    found = lambda t: [d.text for d in find_dates(t)]  # noqa: E731
    assert found("effectué entre mai et juin 2019 à Bizerte") == ["entre mai et juin 2019"]
    assert found("du 3 au 5 avril 2025") == ["du 3 au 5 avril 2025"]
    assert found("la guerre de 1914 à 1918") == ["de 1914 à 1918"]
    assert found("from May to June 2020") == ["from May to June 2020"]
    assert found("entre 2 et 3 soldats, entre le Mali et la Russie") == []


def test_numbers_are_not_years():
    assert find_dates("12 500 soldats et 2,2023 millions, 2019 pour cent") == []


def test_historical_years_and_periods():
    text = "monopole royal en 1439 pour le roi, à partir du XVIe siècle, en 52 avant notre ère, in the 19th century"
    assert [d.text for d in find_dates(text)] == ["1439", "XVIe siècle", "52 avant notre ère", "19th century"]
    assert resolve("1439", None) == "1439" and resolve("XVIe siècle", "2025-04-03") is None


@pytest.mark.parametrize(
    "expr,expected",
    [
        ("juin prochain", "2025-06"),
        ("janvier prochain", "2026-01"),
        ("mars dernier", "2025-03"),
        ("juin dernier", "2024-06"),
        ("3 avril 2025", "2025-04-03"),
        ("janvier 2025", "2025-01"),
        ("2023", "2023"),
        ("demain", "2025-04-04"),
        ("next June", "2025-06"),
    ],
)
def test_relative_dates_resolve_against_the_article_date(expr, expected):
    assert resolve(expr, "2025-04-03") == expected


def test_human():
    assert human("2025-06", "en") == "June 2025" and human("2025-06", "fr") == "juin 2025"
    assert human("2025-04-03", "fr") == "3 avril 2025"


def test_without_an_article_date_a_relative_date_follows_today():
    """Dates resolved against an article's date are remembered; "tomorrow" against no date is not."""
    import datetime as dt

    assert resolve("demain", "2025-04-03") == "2025-04-04"
    before = dt.date.today()
    got = resolve("demain", None)
    assert got in {(d + dt.timedelta(days=1)).isoformat() for d in (before, dt.date.today())}


ARRIVAL = "Le président malien a annoncé qu'il se rendrait à Moscou en juin prochain."


@pytest.mark.parametrize(
    ("asked", "given"),
    [
        ("3 avril", True),  # the article's own date, the year left out
        ("3 April 2025", True),
        ("2025", True),  # coarser than the article's date
        ("juin", True),  # "juin prochain", resolved against the article date
        ("June 2025", True),
        ("aujourd'hui", True),
        ("4 avril", False),
        ("demain", False),
        ("hier", False),
        ("2024", False),
        ("juin 2024", False),
        ("last June", False),  # June 2024, not the coming one
        ("mai 2025", False),
    ],
)
def test_a_date_the_question_names_must_be_the_passages(asked, given):
    assert date_given(asked, ARRIVAL, "2025-04-03") is given


def test_without_a_passage_date_only_written_dates_are_checked():
    text = "En mars 2005, le groupe menait une guérilla dans le nord du pays."
    assert date_given("2005", text, None) and not date_given("2006", text, None)
    assert date_given("demain", text, None)  # nothing to resolve it against
    assert date_given("1967", "en Tanzanie de 1967 à 1970, pays alors dirigé par Julius Nyerere", None)
    assert date_given("1968", "de 1967 à 1970", None) and not date_given("1971", "de 1967 à 1970", None)
    assert date_given("1964", "dans les années 1960", None) and date_given("1964", "in the 1960s", None)
    assert date_given("10ème siècle", text, None)  # an era resolves to no date
