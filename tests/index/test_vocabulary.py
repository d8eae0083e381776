from index.text import stopwords
from index.vocabulary import surface_words


def test_an_inverted_subject_is_not_part_of_the_word():
    """ "a-t-elle" is no term a sentence could hold; "arrive-t-il" is the verb "arrive"."""
    assert surface_words("Quand la rencontre a-t-elle eu lieu ?", stopwords()) == ["rencontre", "lieu"]
    assert surface_words("Quand Clark arrive-t-il à Paris ?", stopwords()) == ["clark", "arrive", "paris"]
    assert surface_words("Qu'est-ce que le pomérium ?", stopwords()) == ["pomérium"]
    assert surface_words("l'arc-en-ciel et Saint-Étienne", stopwords()) == ["arc-en-ciel", "saint-étienne"]
