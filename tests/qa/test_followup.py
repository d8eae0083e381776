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


def test_a_pronoun_whose_antecedent_is_in_the_question_is_not_rewritten():
    """French complex inversion doubles an explicit subject; only a bare inverted pronoun needs the history."""
    h = [("Who is Mali's foreign minister?", "Abdoulaye Diop")]
    for q in [
        "Quand les trois pays ont-ils quitté la CEDEAO ?",
        "Wagner est-il présent en Afrique ?",
        "Pourquoi les pays de l'AES ont-ils quitté la CEDEAO ?",
        "Depuis quand la Russie est-elle présente au Mali ?",
        "Why did the three countries say they would leave?",
    ]:
        assert rewrite(q, h) == q
    assert rewrite("Quel rôle joue-t-il ?", h) == "Quel rôle Abdoulaye Diop joue-t-il ?"
    assert rewrite("Combien de soldats a-t-il envoyés ?", h) == "Combien de soldats Abdoulaye Diop a-t-il envoyés ?"
    assert rewrite("What is his role?", h) == "What is Abdoulaye Diop's role?"


def test_an_object_pronoun_is_not_its_own_subject():
    h = [("Who is Mali's foreign minister?", "Abdoulaye Diop")]
    assert rewrite("What did he say about them?", h) == "What did Abdoulaye Diop say about them?"


def test_a_description_answer_leaves_the_question_s_name_as_the_referent():
    h = [{"question": "Qui est Sergueï Lavrov ?", "answer": "le ministre russe des Affaires étrangères"}]
    q = "Au sein de quelle organisation a-t-il salué la coopération ?"
    assert rewrite(q, h) == "Au sein de quelle organisation Sergueï Lavrov a-t-il salué la coopération ?"


def test_the_name_goes_before_the_clitics_bound_to_an_inverted_verb():
    """French object and reflexive pronouns stay with their verb: "s'est-elle", "ne l'a-t-il"."""
    h = [("Quand l'AES a-t-elle été formée ?", "en 2023")]
    assert rewrite("De quel pays s'est-elle éloignée ?", h) == "De quel pays l'AES s'est-elle éloignée ?"
    assert rewrite("Pourquoi ne l'a-t-elle pas dit ?", h) == "Pourquoi l'AES ne l'a-t-elle pas dit ?"
    assert rewrite("Les pays s'en sont-ils éloignés ?", h) == "Les pays s'en sont-ils éloignés ?"


def test_an_inverted_pronoun_after_an_elided_que_takes_the_previous_answer():
    h = [("Qui est le ministre malien des Affaires étrangères ?", "Abdoulaye Diop")]
    assert rewrite("Qu'a-t-il exprimé ?", h) == "Qu'Abdoulaye Diop a-t-il exprimé ?"
    assert rewrite("Qu'en a-t-il dit ?", h) == "Qu'Abdoulaye Diop en a-t-il dit ?"
    assert rewrite("Qu'y a-t-il à Moscou ?", h) == "Qu'y a-t-il à Moscou ?"  # impersonal


def test_an_impersonal_il_stands_for_no_one():
    h = [("Qui est le président malien ?", "Assimi Goïta")]
    for q in [
        "Y a-t-il des soldats russes au Mali ?",
        "Combien de pays y a-t-il dans l'AES ?",
        "Faut-il un visa pour aller à Moscou ?",
        "De quoi s'agit-il ?",
    ]:
        assert rewrite(q, h) == q
    assert rewrite("Y va-t-il en juin ?", h) == "Assimi Goïta y va-t-il en juin ?"  # "y" here is a place
    assert rewrite("Doit-il aller à Moscou ?", h) == "Assimi Goïta doit-il aller à Moscou ?"


def test_a_date_answer_is_no_one_a_pronoun_stands_for():
    """After "in June", "his" is the person the earlier question asked about, not "June"."""
    h = [("When will Goïta visit Moscow?", "in June")]
    assert rewrite("How long will his visit last?", h) == "How long will Goïta's visit last?"
    h = [("When did Lavrov meet the Sahel ministers?", "3 April 2025")]
    assert rewrite("Where did he meet them?", h) == "Where did Lavrov meet them?"


def test_the_answer_to_where_is_no_one_a_pronoun_stands_for():
    h = [("Où Assimi Goïta compte-t-il se rendre en juin ?", "À Moscou")]
    assert rewrite("Quelle fonction occupe-t-il ?", h) == "Quelle fonction Assimi Goïta occupe-t-il ?"
    h = [("Where did Sergei Lavrov receive the ministers?", "In Moscow")]
    assert rewrite("Which post does he hold?", h) == "Which post does Sergei Lavrov hold?"
    h = [("Which minister met Lavrov in Moscow?", "Abdoulaye Diop")]  # the one asked for is
    assert rewrite("What did he say?", h) == "What did Abdoulaye Diop say?"


def test_an_elliptical_country_replaces_the_earlier_country_or_its_adjective():
    h = [("Qui est le ministre malien des Affaires étrangères ?", "Abdoulaye Diop")]
    assert rewrite("Et celui du Niger ?", h) == "Qui est le ministre Niger des Affaires étrangères ?"
    h = [("Who is the Malian foreign minister?", "Abdoulaye Diop")]
    assert rewrite("And Niger's?", h) == "Who is the Niger foreign minister?"
    h = [("Who represented Niger at the Moscow talks?", "Bakary Yaou Sangare")]
    assert rewrite("And Burkina Faso?", h) == "Who represented Burkina Faso at the Moscow talks?"


def test_a_pronoun_in_a_leading_clause_may_stand_for_the_name_after_it():
    h = [("Who is Mali's foreign minister?", "Abdoulaye Diop")]
    for q in [
        "When he received the Sahel ministers in Moscow, what did Sergei Lavrov welcome?",
        "Lorsqu'il a reçu les ministres, qu'a salué Sergueï Lavrov ?",
    ]:
        assert rewrite(q, h) == q
    assert rewrite("When did he thank Russia?", h) == "When did Abdoulaye Diop thank Russia?"
    assert rewrite("After his visit, what did he say?", h) == "After his visit, what did Abdoulaye Diop say?"
