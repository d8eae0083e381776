from index.cleaning import clean_paragraphs, is_boilerplate, normalise_space


def test_boilerplate_lines_are_dropped_whole():
    assert is_boilerplate("Commentaires (0)")
    assert is_boilerplate("Participer à la Discussion")
    assert is_boilerplate("Share this article")
    assert not is_boilerplate("Les commentaires (0) du ministre ont surpris.")


def test_white_space_normalised_but_text_kept():
    assert normalise_space("  L’AES\u00a0 a  dit\u200b\n  «\u202fnon\u202f» ") == "L’AES a dit « non »"


def test_clean_paragraphs():
    assert clean_paragraphs(["Texte.", "", "Commentaires (3)", " Autre "]) == ["Texte.", "Autre"]
