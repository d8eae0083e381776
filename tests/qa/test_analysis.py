import pytest

from qa.analysis import analyze
from qa.language import detect_language


@pytest.mark.parametrize(
    "question,kind",
    [
        ("Who represented Niger?", "person"),
        ("Qui a représenté le Niger ?", "person"),
        ("When will he visit Moscow?", "date"),
        ("Quand doit-il aller à Moscou ?", "date"),
        ("Where did the meeting take place?", "place"),
        ("Où s'est tenue la rencontre ?", "place"),
        ("How many countries are in the AES?", "number"),
        ("Combien de pays compte l'AES ?", "number"),
        ("Why did they leave ECOWAS?", "reason"),
        ("Pourquoi ont-ils quitté la CEDEAO ?", "reason"),
        ("Which private military company is mentioned?", "organisation"),
        ("In which city did the meeting take place?", "place"),
        ("En quelle année l'AES a-t-elle été formée ?", "date"),
        ("Did Russia sign defence agreements?", "yesno"),
        ("Le Mali a-t-il signé des accords ?", "yesno"),
        ("How does Russia support Mali?", "manner"),
        ("What is the name of the Malian president?", "person"),
        ("Comment s'appelait Paris au temps de la Gaule ?", "phrase"),
        ("Comment appelle-t-on un ensemble de trois œuvres ?", "phrase"),
        ("De quels thèmes l'auteure tire-t-elle sa renommée ?", "phrase"),
        ("Est-ce que le Mali a signé ?", "yesno"),
        ("Qu'a-t-il exprimé envers la Russie ?", "phrase"),  # an elided "que" asks for a thing
        ("Selon l'article, qu'ont-ils signé ?", "phrase"),
        ("A-t-il dit qu'il viendrait ?", "yesno"),  # a "qu'" inside the clause is a conjunction
        ("Qui est Gao Hucheng ?", "phrase"),
        ("Comment s'appelle le président russe ?", "person"),
        ("Who is the Russian foreign minister?", "person"),
        ("What kind of company is Wagner?", "phrase"),  # a kind is described, not named
        ("Quel type de soutien la Russie apporte-t-elle ?", "phrase"),
        # the noun asked ends at a verb or at an article right after it, not at a later role
        ("Which topics is the author famous for?", "phrase"),
        ("Quels sujets l'auteur a-t-elle traités ?", "phrase"),
        ("What is the capital of Mali?", "place"),
        ("Quel pays le ministre a-t-il visité ?", "place"),
        # a "when" after the question's own interrogative opens a clause of time
        ("What feeling did the father experience when his son arrived?", "phrase"),
        ("Qui était président quand la guerre a éclaté ?", "person"),
        ("Where was he when the war started?", "place"),
        ("Depuis quand Olivier Meslay est-il directeur ?", "date"),
        ("À quel moment le roi a-t-il abdiqué ?", "date"),
        ("At what point did the war end?", "date"),
        # a noun that also names a condition or a rank types nothing
        ("What is the elder son's state of mind?", "phrase"),
        ("Quelle place le club occupe-t-il au classement ?", "phrase"),
        # a clause set off by commas does not ask: a relative aside, a leading clause
        ("What post does the general, who led the army, hold?", "phrase"),
        ("When the war ended, what did Russia sign?", "phrase"),
        ("Lorsque la guerre a pris fin, qu'a signé le roi ?", "phrase"),
        ("Après la guerre, en quelle année le roi a-t-il abdiqué ?", "date"),
        ("Quel titre porte le roi, qui a signé la paix, depuis la guerre ?", "phrase"),
    ],
)
def test_answer_type(question, kind):
    assert analyze(question).answer_type == kind


def test_a_role_tied_to_a_name_is_a_descriptor_whatever_is_asked():
    assert analyze("When will Niger's president travel to Moscow?").descriptor == ["president"]
    assert analyze("Quand le président du Niger ira-t-il à Moscou ?").descriptor == ["president"]
    assert analyze("When did the president travel to Moscow?").descriptor == []  # no name owns it
    assert analyze("Quand le premier du Niger est-il arrivé ?").descriptor == []  # "premier": first, not a role


def test_entities_terms_and_descriptor():
    a = analyze("Who is the president of Niger?")
    assert a.entities == ["Niger"] and a.descriptor == ["president"]
    b = analyze("Which Malian official expressed gratitude for Russia's support?")
    assert b.descriptor == []  # "official" says nothing about which person
    c = analyze("Which organisation did the AES countries leave in January 2025?")
    assert c.entities == ["AES"] and "2025" in c.key_terms  # months are dates, not names
    d = analyze("Qui est le porte-parole du gouvernement nigérien ?")  # the role whole, as the key terms have it
    assert d.descriptor == ["porte-parole", "gouvernement"] and "porte-parole" in d.key_terms
    assert analyze("Qui est Jean-Luc Mélenchon ?").answer_type == "phrase"  # asks what he is
    e = analyze("Qui sont les compositeurs qui témoignent de l'émergence de la musique hongroise ?")
    assert e.descriptor == ["compositeurs"]  # the role, not the verb of its relative clause
    # names joined by "and"/"et" are checked one by one
    assert analyze("When did Mali, Burkina Faso and Niger quit ECOWAS?").entities == [
        "Mali",
        "Burkina Faso",
        "Niger",
        "ECOWAS",
    ]
    assert analyze("Quand le Mali et le Niger ont-ils quitté la CEDEAO ?").entities == ["Mali", "Niger", "CEDEAO"]


def test_auxiliaries_and_inverted_subjects_are_no_terms():
    """No sentence need say "été", "fut" or "a-t-elle": "créée en 2023" answers "a-t-elle été créée"."""
    assert analyze("En quelle année l'AES a-t-elle été créée ?").key_terms == ["annee", "aes", "creee"]
    assert analyze("Quel affrontement fut décisif ?").key_terms == ["affrontement", "decisif"]


def test_a_role_several_words_name_is_the_lexicons_role():
    """ "head of state" is checked as "president" is, strictly; an adjective of diplomacy stays."""
    assert analyze("Who is the Malian head of state?").descriptor == ["president"]
    french = analyze("Qui est le chef de l'État malien ?")
    assert "president" in french.descriptor and french.entities == []  # "État" is no name here
    assert analyze("Who is the head of Russian diplomacy?").key_terms == ["russian", "foreign", "minister"]
    assert analyze("Who is Russia's top diplomat?").descriptor == ["foreign", "minister"]


def test_the_text_the_question_points_at_is_no_term():
    """The passages do not write "according to the article" about themselves; a person the
    question cites ("according to Dr Schweitzer") and the article as what is asked about stay."""
    assert analyze("Which city is Mali's capital according to the article?").key_terms == ["city", "mali", "capital"]
    assert analyze("Quelle société de mercenaires est évoquée dans l'article ?").key_terms == ["societe", "mercenaires"]
    assert analyze("Selon le texte, qui a représenté le Niger ?").key_terms == ["represente", "niger"]
    assert "according" in analyze("According to Dr Schweitzer, what is the great enemy?").key_terms
    assert analyze("Who wrote the article?").key_terms == ["wrote", "article"]


@pytest.mark.parametrize(
    "text,lang",
    [
        ("Who represented Niger?", "en"),
        ("Qui a représenté le Niger ?", "fr"),
        ("And Niger's?", "en"),
        ("Et celui du Niger ?", "fr"),
        ("Wer hat Niger vertreten?", "de"),
    ],
)
def test_language(text, lang):
    assert detect_language(text) == lang


def test_a_french_refusal_agrees_with_the_gender_of_what_is_asked():
    from qa.refusal import Refusal

    assert Refusal("no_candidate").reason("fr", "place").startswith("aucun lieu ")
    assert Refusal("near_miss", "Niger").reason("fr", "number").endswith("pas le nombre demandé")
    assert Refusal("near_miss", "Niger").reason("fr", "date").endswith("pas la date demandée")


def test_a_refusal_names_what_is_asked_with_its_article():
    from qa.refusal import Refusal

    assert Refusal("descriptor_mismatch", "animal").reason("en", "phrase").endswith("speak of an animal")
    assert Refusal("descriptor_mismatch", "mayor").reason("en", "person").endswith("speak of a mayor")
    assert Refusal("descriptor_mismatch", "événement").reason("fr", "phrase").endswith("pas d'événement")
    assert Refusal("descriptor_mismatch", "guerre").reason("fr", "phrase").endswith("pas de guerre")
    assert Refusal("date_mismatch", "3 avril").reason("fr", "person").endswith("ne parlent pas du 3 avril")
    assert Refusal("date_mismatch", "avril 2024").reason("fr", "person").endswith("ne parlent pas d'avril 2024")
    assert Refusal("date_mismatch", "2024").reason("en", "person").endswith("do not speak of 2024")
