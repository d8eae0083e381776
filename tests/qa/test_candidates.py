from index.schema import Entity, Sentence
from qa.analysis import analyze
from qa.answerer import Evidence, _counts_what_is_asked, _name_for_how, _novel_clause, _place_fits, _with_asked_noun
from qa.candidates import Candidate, sentence_candidates


def _sentence(text, entities=()):
    return Sentence("a", 1, 0, 0, len(text), text, tuple(entities))


def _numbers(text):
    """The number candidates of a one-sentence paragraph."""
    return [c for c in sentence_candidates(text, _sentence(text)) if c.kind == "NUM"]


def test_kinds_and_counted_nouns():
    text = "Le 3 avril 2025, les trois pays membres ont reçu 12 000 soldats, soit 15 % du total, « un tournant »."
    found = {(c.text, c.kind, c.counted) for c in sentence_candidates(text, _sentence(text))}
    assert ("3 avril 2025", "DATE", None) in found and ("trois", "NUM", "pays") in found
    assert ("12 000 soldats", "NUM", None) in found and ("15 %", "NUM", None) in found
    assert ("un tournant", "QUOTE", None) in found


def test_a_year_that_counts_a_noun_is_also_a_number():
    text = "En 1999 la flotte comptait 1200 soldats et 1500 chevaux."
    found = {(c.text, c.kind) for c in sentence_candidates(text, _sentence(text))}
    assert ("1999", "DATE") in found and ("1999", "NUM") not in found
    assert ("1200 soldats", "NUM") in found and ("1500", "NUM") in found


def test_a_compound_number_is_one_number():
    text = "Elle publie vingt et un articles, dix-huit livres et quatre-vingt-dix lettres, deux et trois au plus."
    found = {(c.text, c.counted) for c in _numbers(text)}
    assert {("vingt et un", "articles"), ("dix-huit", "livres"), ("quatre-vingt-dix", "lettres")} <= found
    assert ("deux", None) in found and ("trois", None) in found  # two numbers, not one


def test_durations_are_numbers_and_a_unit_is_not_a_counted_noun():
    text = "Il ne reste qu'un an au club, puis une année complète en Martinique ; un homme publie 12 annonces."
    found = {(c.text, c.counted) for c in _numbers(text)}
    assert found == {("un an", None), ("une année", None), ("12", "annonces")}


def test_vague_quantities_and_durations_are_numbers():
    text = "Le Mali lutte depuis plusieurs années contre des groupes responsables de milliers de morts ; plusieurs accords."
    found = {(c.text, c.counted, c.is_duration) for c in _numbers(text)}
    assert found == {("plusieurs années", None, True), ("milliers", "morts", False)}  # "plusieurs accords" is no number


def test_a_duration_answers_a_question_about_time_only():
    text = "Le Mali lutte depuis plusieurs années contre des groupes jihadistes."
    (years,) = _numbers(text)
    assert _counts_what_is_asked(analyze("How long has Mali been fighting jihadist groups?"), {}, years)
    assert _counts_what_is_asked(analyze("Depuis combien de temps le Mali lutte-t-il ?"), {}, years)
    assert not _counts_what_is_asked(analyze("Combien de militaires russes sont au Mali ?"), {}, years)
    assert not _counts_what_is_asked(analyze("What is the population of Mali?"), {}, years)


def test_money_or_a_share_answers_no_question_about_time():
    text = "Il signe une extension de 31,5 millions de dollars sur 5 ans et un pont de 3 km."
    found = {c.text: c for c in _numbers(text)}
    how_long = analyze("How long is Patrick Kane's contract extension?")
    assert _counts_what_is_asked(how_long, {}, found["5 ans"])
    assert not _counts_what_is_asked(how_long, {}, found["31,5 millions de dollars"])
    assert _counts_what_is_asked(how_long, {}, found["3 km"])  # "how long" may ask a distance


def test_a_price_or_a_sum_is_answered_by_money_only():
    """ "Combien a coûté ..." wants money or a share; a bare number is none ("7", "71"); "combien de
    prix" still counts prizes."""
    text = "L'arrêt dure 7 jours et coûte 3,2 millions d'euros, soit 50 % du budget, pour 4 prix."
    found = {c.text: c for c in _numbers(text)}
    for question in ("Combien a coûté l'arrêt ?", "How much did the stop cost?", "Quelle part du budget ?"):
        assert analyze(question).asks_money
        assert not _counts_what_is_asked(analyze(question), {}, found["7 jours"])
    assert _counts_what_is_asked(analyze("How much did the stop cost?"), {}, found["3,2 millions d'euros"])
    assert _counts_what_is_asked(analyze("Quelle part du budget ?"), {}, found["50 %"])
    assert not analyze("Combien de prix a-t-il remportés ?").asks_money
    assert not analyze("Qui a payé la facture ?").asks_money  # a person question


def test_organisation_tagged_as_person_is_repaired_for_every_mention():
    text = "Le rôle de la société de mercenaires privée Wagner est clé. La présence de Wagner inquiète."
    second = text.rindex("Wagner")
    s = _sentence(text, [Entity(second, second + 6, "PER", "Wagner")])
    assert [c.kind for c in sentence_candidates(text, s) if c.start == second] == ["ORG"]


def test_a_count_of_something_else_does_not_answer_a_measure():
    text = "Moscou a signé des accords avec les trois pays du Sahel."
    (trois,) = _numbers(text)
    assert _counts_what_is_asked(analyze("Combien de pays ont signé ?"), {}, trois)
    assert not _counts_what_is_asked(analyze("Quel est le montant des accords ?"), {}, trois)


def test_novel_clause_is_what_the_question_lacks():
    text = (
        "En janvier 2025, les trois pays ont quitté la CEDEAO, qu'ils considèrent comme étant trop "
        "influencée par Paris."
    )
    a = analyze("Pourquoi les trois pays ont-ils quitté la CEDEAO ?")
    ev = Evidence(
        hit=None, rank=0, sentence=_sentence(text), dense=0.8, coverage=1.0, entity_share=1.0, missing=[], window=[]
    )
    clause = _novel_clause(a, {}, ev)
    assert clause is not None and "trop influencée par Paris" in clause.text


def test_approximate_numbers_are_numbers():
    text = "Le domaine couvre une quinzaine d'hectares et emploie une centaine de salariés."
    found = {(c.text, c.counted) for c in _numbers(text)}
    assert ("une centaine", "salariés") in found
    assert any(t.startswith("une quinzaine") for t, _ in found)


def test_a_count_of_what_a_measure_question_names_answers_it():
    text = "Le navire transporte 800 passagers et 40 voitures."
    counted = {c.counted: c for c in _numbers(text)}
    question = analyze("Quelle est la capacité en passagers du navire ?")
    assert _counts_what_is_asked(question, {}, counted["passagers"])
    assert not _counts_what_is_asked(question, {}, counted["voitures"])


def test_a_city_question_is_not_answered_by_a_country_nor_another_countrys_capital():
    city = analyze("Dans quelle ville les ministres se sont-ils rencontrés ?")
    assert _place_fits(city, "Moscou") and not _place_fits(city, "le Mali") and _place_fits(city, "Nanterre")
    assert not _place_fits(city, "le Mali, le Burkina Faso et le Niger")  # a list of countries is no city
    capital = analyze("Quelle est la capitale du Burkina Faso ?")
    assert _place_fits(capital, "Ouagadougou") and not _place_fits(capital, "Moscou")
    assert not _place_fits(capital, "Sahel")  # no capital at all
    assert _place_fits(analyze("Which country signed the agreements?"), "Moscou")  # Moscow stands for Russia


def test_a_span_that_the_noun_asked_for_opens_takes_it_in():
    text = "la Russie aide le Mali face à la menace jihadiste, controversée dans certains cercles internationaux."
    span = Candidate(text.index("jihadiste"), text.index("jihadiste") + 9, "jihadiste", "READ")
    wide = _with_asked_noun(analyze("Face à quelle menace la Russie aide-t-elle le Mali ?"), {}, span, text)
    assert wide.text == "la menace jihadiste" and text[wide.start : wide.end] == wide.text
    inner = text.index("internationaux")
    span = Candidate(inner, inner + len("internationaux"), "internationaux", "READ")
    assert _with_asked_noun(analyze("Dans quels cercles est-elle controversée ?"), {}, span, text).text == (
        "cercles internationaux"
    )
    assert _with_asked_noun(analyze("Quelle aide la Russie apporte-t-elle ?"), {}, span, text) is span


def test_a_proper_name_answers_no_how_nor_why():
    how = analyze("Comment le ministre qualifie-t-il le partenariat ?")
    assert _name_for_how(how, "Abdoulaye Diop") and not _name_for_how(how, "dynamique et sincère")
    assert not _name_for_how(analyze("Qui a qualifié le partenariat ?"), "Abdoulaye Diop")


def test_a_unit_joined_by_de_after_a_scale_is_the_numbers_unit():
    text = "Les dépenses atteignent 14,2 milliards d'euros en 2003 et 31,5 millions de dollars, pour 3 millions d'habitants."
    found = {(c.text, c.unit, c.counted) for c in _numbers(text)}
    assert ("14,2 milliards d'euros", "euros", None) in found
    assert ("31,5 millions de dollars", "dollars", None) in found
    assert ("3 millions", None, "habitants") in found  # a counted noun, not a unit
