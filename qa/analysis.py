"""Question analysis: language, expected answer type, names, key terms, and the noun that says
what is asked ("president" must be found in the evidence; "organisation" is checked by the type)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.text import stopwords
from index.vocabulary import surface_words

from .language import detect_language
from .text import content_tokens, fold

# Nouns that name what a person-answer is; "what is the name of the minister" expects a person.
PERSON_NOUNS = {
    "minister",
    "ministre",
    "president",
    "leader",
    "chef",
    "chief",
    "head",
    "spokesman",
    "spokesperson",
    "porte-parole",
    "general",
    "ambassador",
    "ambassadeur",
    "secretary",
    "secretaire",
    "king",
    "roi",
    "queen",
    "reine",
    "prime",
    "premier",
    "author",
    "auteur",
    "founder",
    "fondateur",
    "director",
    "directeur",
    "person",
    "personne",
    "man",
    "homme",
    "woman",
    "femme",
    "official",
    "responsable",
    "diplomat",
    "diplomate",
    "mayor",
    "maire",
    "governor",
    "gouverneur",
    "commander",
    "commandant",
    "ceo",
    "coach",
    "entraineur",
    "player",
    "joueur",
    "writer",
    "ecrivain",
    "singer",
    "chanteur",
    "artist",
    "artiste",
    "scientist",
}
# A role and its translation: near misses swap roles, so a role is matched strictly (`term_strict`),
# a bar some translations miss by word vector alone (mayor/maire).
ROLE_TRANSLATIONS = {
    "minister": "ministre",
    "ambassador": "ambassadeur",
    "secretary": "secretaire",
    "king": "roi",
    "queen": "reine",
    "author": "auteur",
    "founder": "fondateur",
    "director": "directeur",
    "mayor": "maire",
    "governor": "gouverneur",
    "commander": "commandant",
    "coach": "entraineur",
    "player": "joueur",
    "writer": "ecrivain",
    "singer": "chanteur",
    "artist": "artiste",
    "spokesman": "porte-parole",
    "spokesperson": "porte-parole",
    "diplomat": "diplomate",
}
# Roles that several words name, as the one-word role of the lexicon they are, so that a
# paraphrase is checked as strictly as the role itself ("the Malian head of state" is its president).
ROLE_PHRASES = [
    (re.compile(r"\bheads?\s+of\s+state\b", re.IGNORECASE), "president"),
    (re.compile(r"\bchefs?\s+(?:de\s+l['’]\s*|d['’]\s*)[ée]tat\b", re.IGNORECASE), "président"),
    (
        re.compile(r"\bhead\s+of\s+(?:the\s+)?([\w-]+\s+)?diplomacy\b|\btop\s+diplomat\b", re.IGNORECASE),
        r"\1foreign minister",
    ),
]
ORG_NOUNS = {
    "organisation",
    "organization",
    "company",
    "entreprise",
    "societe",
    "group",
    "groupe",
    "body",
    "organisme",
    "institution",
    "party",
    "parti",
    "alliance",
    "entity",
    "entite",
    "agency",
    "agence",
    "army",
    "armee",
    "force",
    "team",
    "equipe",
    "club",
    "union",
    "bloc",
    "coalition",
    "firm",
    "bank",
    "banque",
}
# Nouns that name a place only: "state", "état" and "place" also name a condition or a rank
# ("state of mind", "quelle place au classement") and type no question.
PLACE_NOUNS = {
    "country",
    "pays",
    "city",
    "ville",
    "capital",
    "capitale",
    "region",
    "lieu",
    "continent",
    "town",
    "village",
    "province",
    "area",
    "zone",
    "nation",
}
# The kinds of place a question asks for, checked against what GeoNames knows of a name
# (qa/text.py: place_kind): "which city" is not answered by a country.
PLACE_KINDS = {"country": "country", "pays": "country", "nation": "country"} | dict.fromkeys(
    ("city", "ville", "capital", "capitale", "town"), "city"
)
# Places that are neither a city nor a country: a name its passage calls one ("la région du Sahel")
# answers neither kind.
REGION_NOUNS = {"region", "continent", "province", "area", "zone"}
# Attributes whose value is a quantity: "What is the population of Mali?" wants a number.
MEASURE_NOUNS = {
    "population",
    "superficie",
    "surface",
    "area",
    "altitude",
    "hauteur",
    "height",
    "distance",
    "longueur",
    "length",
    "largeur",
    "width",
    "profondeur",
    "depth",
    "age",
    "prix",
    "price",
    "cout",
    "cost",
    "montant",
    "amount",
    "budget",
    "taille",
    "size",
    "poids",
    "weight",
    "temperature",
    "vitesse",
    "speed",
    "duree",
    "duration",
    "nombre",
    "number",
    "pourcentage",
    "percentage",
    "proportion",
    "taux",
    "rate",
    "salaire",
    "salary",
    "capacite",
    "capacity",
    "effectif",
    "effectifs",
    "somme",
    "sum",
    "total",
    "volume",
}
DATE_NOUNS = {
    "year",
    "annee",
    "an",
    "date",
    "month",
    "mois",
    "day",
    "jour",
    "time",
    "heure",
    "decade",
    "siecle",
    "century",
}
NUMBER_HEADS = re.compile(
    r"\b(how many|how much|combien|what number|quel nombre|what percentage|quel pourcentage|"
    r"how old|quel age|what share|what proportion|how long|how far)\b"
)

WHICH_WORDS = r"which|what|quel|quelle|quels|quelles|lequel|laquelle|lesquels|lesquelles"
_ARTICLES = {"le", "la", "les", "l", "the"}
# The verbs that may follow a which-word: the noun asked comes before them ("which topics is the
# author famous for": topics) or after them ("what is the capital": capital).
AUX_VERBS = "is|are|was|were|do|does|did|has|have|had|will|can|est|sont|etait|etaient|a|ont|fut|sera|seront"
NAMES_THING = re.compile(rf"\b(?:{WHICH_WORDS})\s+(?!(?:{AUX_VERBS}|{'|'.join(sorted(_ARTICLES))})\b)[a-z]")
TIME_SPAN = re.compile(
    r"\b(?:how long|how old|since when|depuis quand|how many (?:years|months|weeks|days|hours|centuries)|combien de temps|"
    r"combien d'(?:annees|ans|heures)|combien de (?:mois|semaines|jours|siecles)|quel age|a quel age|duree|duration)\b"
)
# What a price, a payment, a sum or a debt is asked with: the answer is money (or a share of it)
MONEY_ASKED = re.compile(
    r"\b(?:cost|costs|costed|price|priced|paid|pay|pays|earn|earned|earns|spent|spend|spends|worth|debt|"
    r"salary|wages?|amount|sum|budget|coute|coutait|coutent|paye|payee|payait|paient|payer|gagnait|gagne|"
    r"gagnaient|depense|depensent|depensait|dette|salaire|montant|somme)\b"
)
# The question pointing at the text it is asked of ("according to the article", "mentioned in the
# text", "évoquée dans l'article"): the passages do not write such words about themselves.
SOURCE = re.compile(
    r"\b(?:(?:(?:as\s+)?(?:mentioned|cited|named|described|stated|said|reported|given)\s+)?(?:according\s+to|in|by)"
    r"|(?:(?:mentionn|évoqu|evoqu|cit|nomm|décrit|decrit)\w*\s+)?(?:selon|d['’]après|d['’]apres|dans|par))"
    r"\s+(?:the|this|l['’]|le|cet|ce)\s*(?:article|text|texte|passage|document)s?\b",
    re.IGNORECASE,
)
COUNTED = re.compile(r"\b(?:how many|combien d[e'](?:\s*les)?|quel nombre d[e'])\s*([a-z][\w-]*)")
TYPE_RULES = [
    (
        "reason",
        re.compile(
            r"^(why|pourquoi)\b|\b(for what reason|pour quelle raison|dans quel but|what is the reason|"
            r"what was the reason|what motivated|for what purpose|what for|pour quoi faire)\b"
        ),
    ),
    ("number", NUMBER_HEADS),
    (
        "date",
        re.compile(
            r"^(when|quand)\b|\b(when|quand|depuis quand|since when|a quelle date|jusqu'a quand|until when|"
            r"a quel moment|at what (?:point|moment|time))\b"
        ),
    ),
    ("place", re.compile(r"^(where|ou)\b|\b(where|d'ou|from where|par ou)\b")),
    (
        "person",
        re.compile(r"^(who|whom|whose|qui)\b|\b(by whom|par qui|who|whom|a qui|avec qui|de qui|to whom|with whom)\b"),
    ),
    ("manner", re.compile(r"^(how|comment)\b|\b(in what way|de quelle maniere|de quelle facon|by what means)\b")),
]
# "Comment s'appelle..." asks for a name or a word, not a manner: typed by the noun it names, else a phrase.
NAMING = re.compile(
    r"^comment\s+(?:s'appel\w*|se nomm\w*|se prenomm\w*|se surnomm\w*|se dit|se prononce|se traduit|"
    r"se qualifi\w*|dit on|\w+(?:-t)?-on(?<!fait-on)(?<!fait-t-on))\b"
    r"|^how (?:do you|does one|do we) (?:call|say)\b"
)
WHICH = re.compile(
    rf"\b(?:{WHICH_WORDS}|name of|names of|nom du|nom de|nom des|noms des|s'appel\w*|se nomm\w*)\b"
    r"((?:\s+[\w'-]+){1,8})"
)
FILLER = {
    "the",
    "le",
    "la",
    "les",
    "l",
    "de",
    "du",
    "des",
    "d",
    "is",
    "was",
    "are",
    "were",
    "est",
    "sont",
    "etait",
    "ete",
    "ont",
    "fut",
    "furent",
    "etaient",
    "sera",
    "seront",
    "avait",
    "avaient",
    "il",
    "elle",
    "ils",
    "elles",
    "a",
    "an",
    "un",
    "une",
    "name",
    "names",
    "nom",
    "noms",
    "of",
    "did",
    "does",
    "do",
    "kind",
    "type",
    "sort",
}
YESNO = re.compile(
    r"^(is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|est-ce|est ce)\b|"
    r"\b\w+-(?:t-)?(?:il|elle|ils|elles|on)\b"
)
# The word a which-question asks for, past "kind of" ("quel type de société": société).
ASKED = re.compile(
    rf"\b(?:{WHICH_WORDS})\s+(?:(?:kinds?|types?|sorts?|genres?|sortes?)\s+(?:of\s+|de\s+|d'))?([a-z][\w-]+)"
)
# "What kind of alliance...", "Quel type de soutien...": a kind is described, not named, so the
# head noun ("alliance") gives no type.
KIND_OF = re.compile(r"\b(?:kinds?|types?|sorts?|genres?|sortes?)\s+(?:of|de|d')")
TOPIC = re.compile(
    r"\b(?:about|regarding|concerning|au sujet d[eu']|concernant|a propos d[eu'])\s*"
    r"(?:the|le|la|les|l'|des|du)?\s*([a-z][\w-]+)"
)
RELATIVE = re.compile(r"\b(?:qui|que|qu'|dont|lequel|laquelle|who|whom|that|which)\b")
WH_WORDS = {
    "who",
    "whom",
    "whose",
    "what",
    "which",
    "when",
    "where",
    "why",
    "how",
    "qui",
    "que",
    "quoi",
    "quel",
    "quelle",
    "quels",
    "quelles",
    "quand",
    "ou",
    "pourquoi",
    "comment",
    "combien",
    "lequel",
    "laquelle",
    "name",
    "nom",
    "many",
    "much",
    "est-ce",
    "did",
    "does",
    "do",
    "is",
    "are",
    "was",
    "were",
}
_CAP_SEQ = re.compile(
    r"(?<!\w)((?:[A-ZÀ-Ý][\w’'-]*|[A-Z]{2,})(?:\s+(?:of|the|de|des|du|la|le|l'|d'|et|and|al|el|van|von)?\s*"
    r"(?:[A-ZÀ-Ý][\w’'-]*))*)"
)


_LEAD = {
    "le",
    "la",
    "les",
    "l",
    "un",
    "une",
    "des",
    "the",
    "a",
    "an",
    "and",
    "et",
    "in",
    "en",
    "dans",
    "selon",
    "according",
    "est-ce",
    "for",
    "pour",
    "par",
    "by",
    "at",
    "on",
    "to",
    "de",
    "du",
    "did",
    "does",
    "do",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "can",
    "will",
    "would",
    "could",
    "should",
    "tell",
    "give",
    "name",
}
# Generic person nouns say nothing about which person: they are not required in the evidence.
GENERIC_NOUNS = {
    "official",
    "officials",
    "person",
    "persons",
    "people",
    "man",
    "men",
    "woman",
    "women",
    "individual",
    "figure",
    "personality",
    "leader",
    "leaders",
    "personne",
    "personnes",
    "personnalite",
    "homme",
    "hommes",
    "femme",
    "femmes",
    "responsable",
    "responsables",
    "dirigeant",
    "dirigeants",
    "chef",
}
# Forms of "être"/"avoir" that only build a tense ("a été créée", "fut fondé"): no sentence need hold them.
AUXILIARY = {"ete", "fut", "furent", "fus", "seraient", "eut", "eurent"}
CALENDAR = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
}


@dataclass
class QuestionAnalysis:
    text: str
    language: str
    answer_type: str  # person, organisation, place, date, number, phrase, yesno, reason, manner
    entities: list[str] = field(default_factory=list)
    key_terms: list[str] = field(default_factory=list)  # folded, for spelling matches
    key_words: list[str] = field(default_factory=list)  # as written (lower case), for translation matches
    descriptor: list[str] = field(default_factory=list)  # role words the evidence must contain ("president")
    head: list[str] = field(default_factory=list)  # words naming what the answer is, for nearness ("company")
    counted: str | None = None  # "how many countries" -> "countries"
    names_thing: bool = False  # "which/quel + noun" asks for a named thing; "what do ... cover" for a phrase
    asks_time: bool = False  # a span of time or an age ("how long", "combien de temps", "quel âge")
    asks_money: bool = False  # a price, a payment, a sum ("combien a coûté", "how much did she earn")
    place_kind: str | None = None  # "country" or "city" for a place question that names which
    asked: str | None = None  # the noun a which-question asks for, in a lexicon or not ("quelle menace")


def _strip_possessive(name: str) -> str:
    return re.sub(r"['’]s?$", "", name).strip()


# A French instruction opens with a verb in "-ez" and what it asks for ("Citez une forme",
# "Nommez les pays", "Expliquez pourquoi"); a surname in "-ez" opens no such phrase ("Lopez a-t-il").
_FR_IMPERATIVE_NEXT = re.compile(
    r"\s+(?:le|la|les|l['’]|un|une|des|du|de|d['’]|deux|trois|quatre|cinq|quel|quelle|quels|quelles|"
    r"pourquoi|comment|combien|ce|cet|cette|ces|son|sa|ses|leur|leurs|tous|toutes|moi|nous)\b"
)


def _by_grammar(word: str, rest: str, common_word=None) -> bool:
    """The question's first word is capitalised only by grammar: a common word (casing.common_word)
    or a French imperative."""
    if common_word is not None and common_word(word):
        return True
    return len(word) > 3 and fold(word).endswith("ez") and bool(_FR_IMPERATIVE_NEXT.match(rest))


def question_entities(question: str, common_word=None) -> list[str]:
    """Capitalised names in the question, minus question words and sentence-initial function words,
    and a first word that `common_word` (casing.common_word) says is capitalised only by grammar."""
    out = []
    for m in _CAP_SEQ.finditer(question):
        name = _strip_possessive(m.group(1))
        words = name.split()
        while words and (
            fold(words[0]) in WH_WORDS
            or fold(words[0]) in _LEAD
            or re.match(r"^\w+-(t-)?(il|elle|ils|elles|on)$", fold(words[0]))
        ):
            words = words[1:]
        # the first word alone, or joined to a name by a function word ("List the AES members"),
        # not one of a name's own words ("New York")
        alone = len(words) == 1 or (len(words) > 1 and fold(words[1]) in _LEAD)
        opens = words and words[0] == name.split()[0] and not re.search(r"\w", question[: m.start()])
        if alone and opens and _by_grammar(words[0], question[m.start() + len(words[0]) :], common_word):
            words = words[1:]
            while words and fold(words[0]) in _LEAD:
                words = words[1:]
        while words and fold(words[-1]) in CALENDAR:
            words = words[:-1]
        # names joined by "and"/"et" are checked one by one: a passage holding "Trinidad and
        # Tobago" holds both, and "les trois pays" may stand for "Mali, Burkina Faso and Niger"
        for part in re.split(r"\s+(?:and|et)\s+", " ".join(words)):
            if part and content_tokens(part) and not all(fold(w) in CALENDAR for w in part.split()):
                out.append(part)
    return out


def _head_noun(fq: str) -> tuple[str | None, list[str]]:
    """The noun a which/what/quel question asks for ("which private military company" -> company)."""
    lexicon = PERSON_NOUNS | ORG_NOUNS | PLACE_NOUNS | DATE_NOUNS | MEASURE_NOUNS
    for m in WHICH.finditer(fq):
        words: list[str] = []
        prev = ""
        for w in re.split(r"[\s']+", m.group(1)):
            # past the noun phrase asked for: a verb, or an article right after its noun ("quels
            # sujets l'auteur a-t-elle traités")
            if words and (re.fullmatch(AUX_VERBS, w) or (prev == words[-1] and w in _ARTICLES)):
                break
            if w and w not in FILLER:
                words.append(w)
            prev = w
        words = words[:4]
        for i, w in enumerate(words):
            if w in lexicon:
                return w, words[: i + 1]
    return None, []


# "when"/"quand" after the question's own interrogative opens a clause of time, which asks
# nothing ("What did the father feel when his son arrived?", "Qui était président quand ... ?")
_SUBORDINATE_WHEN = re.compile(
    r"^(?:\W*\w+\W+){0,2}?(?:what|which|who|whom|where|how|why|que|qu|quoi|quel|quelle|quels|quelles|qui|ou|"
    r"comment|pourquoi|combien)\b.*?(?<!since )(?<!depuis )(?<!until )(?<!jusqu'a )\b(?=(?:when|quand)\b)"
)


# A clause set off by commas is not where a question asks: a relative clause between two commas
# ("What post does Assimi Goïta, who plans a trip in June, hold?"), nor a leading clause where the
# next opens with an interrogative of its own ("When he received them, what did Lavrov welcome?",
# "Alors qu'elle renforce ..., que cherche la Russie ?"). Folded "où" is "or": not an interrogative here.
_RELATIVE_ASIDE = re.compile(r",\s*(?:who|whom|which|qui|dont|lequel|laquelle|lesquels|lesquelles)\b[^,?]*,")
_LEADING_CLAUSE = re.compile(
    r"^[^,?]+,\s*(?=(?:(?:in|at|on|for|from|to|with|by|en|a|au|aux|dans|de|du|des|pour|par|sur|avec|face a)\s+)?"
    r"(?:who|whom|whose|what|which|when|where|why|how|qui|que|qu'|quoi|quel|quelle|quels|quelles|quand|comment|"
    r"pourquoi|combien)\b)"
)


def _main_clause(fq: str) -> str:
    """The folded question without the clauses set off by commas that do not ask."""
    return _LEADING_CLAUSE.sub("", _RELATIVE_ASIDE.sub(" ", fq), count=1)


def _answer_type(q: str, entity_words: set[str]) -> tuple[str, list[str], list[str]]:
    fq = _main_clause(fold(q.replace("’", "'")).strip())
    if m := _SUBORDINATE_WHEN.match(fq):
        fq = m.group(0).strip()
    noun, phrase = _head_noun(fq)
    head = [
        w
        for w in phrase
        if w not in entity_words and w not in WH_WORDS and w not in stopwords() and w not in GENERIC_NOUNS
    ]
    # Only a role noun is required in the evidence ("president" must not be answered from "ministre");
    # category nouns (organisation, country, year) are checked by the answer's type, modifiers not at all.
    descriptor = [noun] if noun in PERSON_NOUNS and noun not in GENERIC_NOUNS else []
    topic = TOPIC.search(fq)
    if topic and topic.group(1) not in entity_words and topic.group(1) not in stopwords():
        descriptor.append(topic.group(1))
    naming = bool(NAMING.search(fq))
    if KIND_OF.search(fq):
        return "phrase", [], head
    for kind, pattern in TYPE_RULES:
        if pattern.search(fq) and not (naming and kind == "manner"):
            if kind == "person" and not descriptor:
                m = re.search(r"\b(?:who|qui)\s+(?:is|was|are|were|est|etait|sont)\s+(.+)$", fq)
                if m:
                    # Whole words, as the key terms keep them ("porte-parole", not "porte")
                    role = RELATIVE.split(m.group(1))[0]  # "les compositeurs qui témoignent de..." -> the noun
                    words = [fold(w) for w in surface_words(role, stopwords())]
                    named = [w for w in words if set(w.split("-")) <= entity_words]
                    if words and len(named) == len(words):
                        return "phrase", [], head  # "Who is Sergei Lavrov?" asks what he is, not a name
                    descriptor = [w for w in words if w not in named and w not in GENERIC_NOUNS][:2]
            return kind, descriptor, head
    if noun in PERSON_NOUNS:
        return "person", descriptor, head
    if noun in ORG_NOUNS:
        return "organisation", descriptor, head
    if noun in PLACE_NOUNS:
        return "place", [], head
    if noun in DATE_NOUNS:
        return "date", [], head
    if noun in MEASURE_NOUNS:
        return "number", descriptor, head
    # An elided "que" that opens a clause asks for a thing ("Qu'a-t-il exprimé ?"), not yes or no.
    opened = re.sub(r"(^|[,;:]\s*)qu'", r"\1que ", re.sub(r"^est[- ]ce qu[e']?", "", fq))
    asks = set(re.findall(r"[\w-]+", opened)) & WH_WORDS
    if YESNO.search(fq) and not asks - {"is", "are", "was", "were", "do", "does", "did", "est-ce"}:
        return "yesno", [], head
    return "phrase", descriptor, head


# "Niger's president", "le président du Niger": a role tied to one of the question's names.
_OWNED_ROLE = re.compile(r"\b([\w-]+)'s\s+([\w-]+)|\b([\w-]+)\s+(?:of|du|des|de|d')\s*(?:the\s+|la\s+|l')?([\w-]+)")
_ADJECTIVAL = {"prime", "premier", "general", "head"}  # "premier du groupe", "general of ideas"


def _owned_role(fq: str, entity_words: set[str]) -> list[str]:
    """The role a question (folded) ties to one of its names identifies whom it speaks of whatever
    it asks ("When will Niger's president travel?" is not answered by the Malian president's trip)."""
    for m in _OWNED_ROLE.finditer(fq):
        role, owner = (m.group(2), m.group(1)) if m.group(1) else (m.group(3), m.group(4))
        if role in PERSON_NOUNS and role not in GENERIC_NOUNS | _ADJECTIVAL and owner in entity_words:
            return [role]
    return []


def _asked_noun(fq: str) -> str | None:
    """The word after a which/what/quel in the folded question ("menace" in "face à quelle
    menace"; "societe" in "quel type de société"): a noun, or a verb the passage will not write
    before an answer."""
    m = ASKED.search(fq) if NAMES_THING.search(fq) else None
    word = m.group(1) if m else None
    return word if word and word not in FILLER | WH_WORDS | AUXILIARY and word not in stopwords() else None


def analyze(question: str, common_word=None) -> QuestionAnalysis:
    roles = question
    for pattern, role in ROLE_PHRASES:
        roles = pattern.sub(role, roles)
    entities = question_entities(roles, common_word)
    entity_words = {w for e in entities for w in content_tokens(e)}
    kind, descriptor, head = _answer_type(roles, entity_words)
    fq = fold(roles.replace("’", "'"))
    descriptor = descriptor or _owned_role(fq, entity_words)
    count = COUNTED.search(fold(question))
    words = [w for w in surface_words(SOURCE.sub(" ", roles), stopwords()) if fold(w) not in WH_WORDS | AUXILIARY]
    words += re.findall(r"\b\d+\b", question)
    return QuestionAnalysis(
        text=question,
        language=detect_language(question),
        answer_type=kind,
        entities=entities,
        key_terms=[fold(w) for w in words],
        key_words=words,
        descriptor=descriptor,
        head=head,
        counted=count.group(1) if count else None,
        names_thing=bool(NAMES_THING.search(fold(question))),
        asks_time=bool(TIME_SPAN.search(fold(question))),
        asks_money=kind == "number" and count is None and bool(MONEY_ASKED.search(fold(question))),
        place_kind=next((PLACE_KINDS[w] for w in head if w in PLACE_KINDS), None) if kind == "place" else None,
        asked=_asked_noun(fq),
    )
