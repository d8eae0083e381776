import numpy as np
import pytest

from index.config import Config
from index.space import CENTRED, RAW, space_for

NIGER = (
    "Le ministre des Affaires étrangères du Niger, Bakary Yaou Sangare, a également souligné l’importance "
    'historique de cette rencontre, la qualifiant de "tournant" pour la région.'
)
# Short generic passages of the kind that outscored that paragraph among 10k paragraphs of Debian manuals.
HUBS = [
    "Note",
    "Astuce",
    "~/.ssh/authorized_keys",
    "« /var/lib/dpkg/info/ nom_paquet .postinst »",
    "consulter les informations du compte « nom_utilisateur »",
    "« /var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages »",
]


def _unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def test_centred_vectors_are_unit_and_give_back_the_raw_cosines():
    rng = np.random.default_rng(0)
    space = space_for(Config())
    raw, query = _unit(rng.normal(size=(40, 384)) + 3 * space.mean), _unit(rng.normal(size=384) + 3 * space.mean)
    centred, norms = space.centre(raw)
    assert space.name == CENTRED
    assert np.allclose(np.linalg.norm(centred, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(centred @ query, raw @ query, atol=1e-2)
    assert np.allclose(space.raw_cosines(query, centred, norms), raw @ query, atol=1e-5)


def test_another_model_is_stored_as_it_comes():
    space = space_for(Config(embed_model="some/other-model"))
    v = _unit(np.arange(1.0, 7.0))
    centred, _ = space.centre([v])
    assert space.name == RAW and np.allclose(centred[0], v)


@pytest.mark.parametrize("question", ["Who represented Niger?", "Qui représentait le Niger ?"])
def test_centring_puts_the_answer_above_short_generic_passages(cache_dir, question):
    from index.embedding import bulk_encoder, embed_queries, embed_texts, prompt

    cfg = Config(cache_dir=cache_dir)
    space = space_for(cfg)
    docs = embed_texts(bulk_encoder(cfg), [NIGER] + HUBS, prompt(cfg, "document"))
    query = embed_queries(cfg, [question])[0]
    scores = space.centre(docs)[0] @ space.centre([query])[0][0]
    assert scores[0] > scores[1:].max() + 0.03, dict(zip(["answer"] + HUBS, scores.round(3)))
