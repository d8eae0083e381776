from index.aliases import acronym_aliases


def test_acronyms_defined_in_text():
    a = acronym_aliases(
        [
            "les trois pays membres de l'Alliance des États du Sahel (AES), le Mali",
            "ont quitté la Communauté économique des États de l'Afrique de l'Ouest (CEDEAO), qu'ils",
            "the North Atlantic Treaty Organization (NATO) and the UN (ONU)",
        ]
    )
    assert a["aes"] == "Alliance des États du Sahel" and a["alliance des etats du sahel"] == "AES"
    assert a["cedeao"] == "Communauté économique des États de l'Afrique de l'Ouest"
    assert a["nato"] == "North Atlantic Treaty Organization"
    assert "onu" not in a  # "UN (ONU)": no long form before it


def test_parentheses_that_are_not_acronyms():
    assert acronym_aliases(["Il a dit (oui) et (Paris) puis (A)."]) == {}
