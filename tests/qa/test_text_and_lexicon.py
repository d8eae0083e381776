import pytest

from qa.text import (
    apposed_lists,
    compounds,
    contains_word,
    country_codes,
    counts,
    enumerations,
    group_size,
    has_capitalised_word,
    names_form,
    phrase_in,
    place_kind,
    role_countries,
    same_word,
    tokens,
)


def test_cognates_and_names_across_languages():
    assert same_word("moscow", "moscou") and same_word("president", "president")
    assert same_word("malian", "malien") and same_word("minister", "ministre")
    assert not same_word("mali", "niger") and not same_word("force", "former")
    assert tokens("l'Alliance d’un État") == ["alliance", "un", "etat"]
    assert phrase_in("Alliance of Sahel States", tokens("l'Alliance des États du Sahel"))
    assert not phrase_in("Burkina Faso", tokens("le Mali et le Niger"))
    assert contains_word("russia", tokens("la Russie"))


def test_a_cognate_shares_half_the_longer_word():
    """ "entre" once stood for "entraîneur" (a four-letter prefix): "Qui est l'entraîneur... ?" was answered."""
    assert not same_word("entraineur", "entre") and not same_word("international", "internet")
    assert same_word("niger", "nigerien") and same_word("france", "francais") and same_word("sahel", "saheliens")


def test_hyphenated_words_are_also_kept_whole():
    """Key terms keep "porte-parole" whole, so a passage's tokens must carry it whole too."""
    assert compounds("Le porte-parole d’Amédée-Prouvost a dit aujourd'hui") == [
        "porte-parole",
        "amedee-prouvost",
        "aujourd'hui",
    ]
    assert not contains_word("porte-parole", tokens("le porte-parole"))
    assert contains_word("porte-parole", tokens("le porte-parole") + compounds("le porte-parole"))


def test_a_name_is_an_alias_form_only_when_each_covers_the_other():
    assert names_form("AES", "aes")
    assert names_form("Alliance des États du Sahel", "alliance des etats du sahel")
    assert names_form("Sahel States Alliance", "alliance des etats du sahel")
    assert not names_form("Niger", "national troupe of nigeria")  # a cognate word, not the name
    assert not names_form("Mali", "alliance des etats du sahel")


def test_aliases_expand_only_the_names_they_define():
    from qa.pipeline import expand_aliases

    aliases = {
        "national troupe of nigeria": "NTN",
        "ntn": "National Troupe of Nigeria",
        "aes": "Alliance des États du Sahel",
        "alliance des etats du sahel": "AES",
    }
    assert expand_aliases("Who represented Niger?", ["Niger"], aliases) == "Who represented Niger?"
    assert expand_aliases("Quand l'AES a-t-elle été créée ?", ["AES"], aliases) == (
        "Quand l'AES a-t-elle été créée ? (Alliance des États du Sahel)"
    )


def test_word_vectors_find_translations(seed_pipeline):
    """The stored e5 word vectors act as a bilingual lexicon: close for translations only."""
    matcher = seed_pipeline.answerer.matcher
    found = matcher.word_matches(["meeting", "weather", "company"], ["rencontre", "société", "militaires", "pays"])
    assert 0 in found.get("rencontre", {}) and 2 in found.get("societe", {})
    assert not any(1 in v for v in found.values())  # nothing in the article means "weather"


def test_an_acronym_is_found_spelled_out_by_its_initials():
    from qa.text import initials_in

    assert initials_in("CORT", tokens("le Club olympique Roubaix-Tourcoing"))
    assert initials_in("AES", tokens("l'Alliance des États du Sahel"))
    assert not initials_in("ONU", tokens("l'Alliance des États du Sahel"))
    assert not initials_in("UE", tokens("Union européenne"))  # two letters match too much by chance


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("Norway", True),
        ("Norvège", True),
        ("Germany", True),
        ("North Korea", True),
        ("South Korea", False),
        ("Sweden", False),
        ("Niger", False),
    ],
)
def test_a_country_is_found_under_its_name_in_another_language(name, found):
    """Word vectors put Norway as close to Suède as to Norvège; pycountry's names do not."""
    from qa.refusal import entity_in

    text = tokens("Le navire quitte l'Allemagne et arrive en Norvège en 1940, puis en Corée du Nord.")
    assert entity_in(name, text, {}) is found


@pytest.mark.parametrize(
    ("name", "text", "found"),
    [
        ("Russie", "Goïta se rendra à Moscou en juin.", True),  # a country spoken of through its capital
        ("Russia", "Goïta se rendra à Moscou en juin.", True),
        ("Bamako", "La Russie aide le Mali face à la menace jihadiste.", True),  # a capital standing for its country
        ("Niamey", "Le ministre des Affaires étrangères du Niger a parlé.", True),
        ("Burkina Faso", "Goïta se rendra à Moscou en juin.", False),
        ("Ouagadougou", "La Russie aide le Mali.", False),
        ("Lutèce", "Les Parisii vivent en France.", False),  # a former name of a capital is not its spelling
        ("Syria", "Une chambre du parlement.", False),  # GeoNames' "Cham" for Damascus: only exact spellings
    ],
)
def test_a_capital_and_its_country_stand_for_each_other_in_the_name_checks(name, text, found):
    from qa.refusal import entity_in

    assert entity_in(name, tokens(text), {}) is found
    assert not entity_in("Russie", tokens("Goïta se rendra à Moscou."), {}, metonymy=False)


def test_capitals_are_known_under_their_spellings_in_other_languages():
    from qa.text import capital_forms

    assert {"Moscou", "Moscow", "Moscú"} <= set(capital_forms("Russia"))
    assert "Mali" in capital_forms("Bamako") and "Niger" in capital_forms("Niamey")
    assert capital_forms("Lutèce") == () and capital_forms("Bonjour") == ()


def test_a_capital_after_an_elision_starts_a_name():
    assert has_capitalised_word("l'Excelsior") and has_capitalised_word("au stade de l’USFSA")
    assert has_capitalised_word("Bamako") and not has_capitalised_word("les autorités russes")


def test_what_geonames_knows_of_a_place():
    assert place_kind("la Russie") == "country" and place_kind("Burkina Faso") == "country"
    assert place_kind("Moscou") == "city" and place_kind("Bamako") == "city"
    assert place_kind("Nanterre") is None and place_kind("Sahel") is None


def test_lists_of_names_and_the_groups_that_stand_for_them():
    text = "Moscou a reçu les ministres des trois pays de l'Alliance (AES), le Mali, le Burkina Faso et le Niger."
    assert enumerations(text) == [["Mali", "Burkina Faso", "Niger"]]
    assert enumerations("la coopération entre Moscou et Bamako") == [["Moscou", "Bamako"]]
    assert enumerations("Le Mali a signé.") == []
    assert group_size("En janvier 2025, les trois pays ont quitté la CEDEAO.") == 3
    assert group_size("The two leaders met.") == 2
    assert group_size("Il a visité trois pays.") == 0  # a count, not a group named before
    assert apposed_lists(text) == [
        ("Moscou a reçu les ministres des trois pays de l'Alliance (AES)", ["Mali", "Burkina Faso", "Niger"])
    ]
    assert apposed_lists("The G3 (Mali, Niger and Chad) met.") == [("The G3", ["Mali", "Niger", "Chad"])]
    assert apposed_lists("Mali, Niger and Chad met.") == []  # a subject, in apposition to nothing


def test_words_formed_on_a_country_s_name():
    from qa.text import names_a_country

    assert all(names_a_country(w) for w in ["Mali", "malien", "Malian", "nigérien", "russe"])
    assert not any(names_a_country(w) for w in ["Affaires", "ministre", "malgré", "Wagner"])


def test_a_word_formed_on_a_country_names_it_and_a_role_takes_the_country_beside_it():
    assert country_codes("malienne") == country_codes("Malian") == country_codes("Mali") == {"ML"}
    assert country_codes("nigérien") >= {"NE"}  # a stem Niger and Nigeria share gives both
    assert country_codes("maliennes") == country_codes("malien") == {"ML"} and country_codes("russe") == {"RU"}
    # an adjective's ending, not any word sharing a prefix: Montenegro, Iceland ("Island")
    assert not country_codes("ministre") and not country_codes("Moscou")
    assert not country_codes("Montespan") and not country_codes("islamique")
    words = tokens("le ministre russe des Affaires étrangères a reçu le ministre du Mali")
    assert role_countries([w for w in words if w not in {"le", "des", "du", "a"}], "ministre") == [{"RU"}, {"ML"}]


def test_counts_are_numbers_written_as_words_before_a_noun_definite_ones_apart():
    text = "Les quatre pays membres ont signé cinq accords le 3 avril 2025 devant 200 journalistes."
    assert counts(text) == [(4, "quatre", "pays"), (5, "cinq", "accords")]
    assert counts(text, definite=True) == [(4, "quatre", "pays")]
    assert counts("Which are the three member states?", definite=True) == [(3, "three", "member")]
