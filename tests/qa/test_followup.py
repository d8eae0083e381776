from qa.followup import rewrite


def test_elliptical_follow_up_swaps_the_subject():
    h = [("Who is Mali's foreign minister?", "Abdoulaye Diop")]
    assert rewrite("And Niger's?", h) == "Who is Niger's foreign minister?"
    h_fr = [{"question": "Qui est le ministre des Affaires étrangères du Mali ?", "answer": "Abdoulaye Diop"}]
    assert rewrite("Et celui du Niger ?", h_fr) == "Qui est le ministre des Affaires étrangères du Niger ?"


def test_pronouns_take_the_previous_answer():
    h = [("Qui est le président malien ?", "Assimi Goïta [1] — « Le président malien, Assimi Goïta, ... »")]
    assert rewrite("Quand doit-il aller à Moscou ?", h) == "Quand Assimi Goïta doit-il aller à Moscou ?"
    assert (
        rewrite("When will he visit Moscow?", [("Who is the Malian president?", "Assimi Goïta")])
        == "When will Assimi Goïta visit Moscow?"
    )


def test_standalone_questions_are_untouched():
    h = [("Who is Mali's foreign minister?", "Abdoulaye Diop")]
    assert rewrite("Who represented Niger?", h) == "Who represented Niger?"
    assert rewrite("Who represented Niger?", []) == "Who represented Niger?"
