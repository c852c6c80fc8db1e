"""Text normalisation, done in Python so that it behaves the same on SQLite and PostgreSQL:

- `single_line`, for what people type in single-line fields (names, organisation,
  function…), used by every form about a person: Unicode NFC, no control or format
  characters (CR/LF, NUL, tabs, right-to-left overrides, zero-width characters), spaces
  collapsed. A value made only of such characters becomes empty, so a required field
  refuses it;
- `fold` and `search_text`, for sorting and searching names (neither `unaccent` nor ICU
  collations are needed)."""

import unicodedata

from django import forms
from django.db import models


def fold(text: str, *, punctuation: bool = True) -> str:
    """Case and accents ignored: the sort key of names ("Élodie" between "Eden" and "Emma").

    With `punctuation=False`, for searching, whatever is neither a letter nor a digit
    (hyphens, apostrophes, dots, control characters such as NUL) separates words, and the
    words are joined by one space: "  Pont-à-Mousson " is "pont a mousson"."""
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    if punctuation:
        return folded
    return " ".join("".join(c if c.isalnum() else " " for c in folded).split())


def search_text(*parts: str) -> str:
    """What a search looks into: the parts folded without punctuation, and each part again
    with its words glued, so that "pont a mousson", "pont-a-mousson" and "pontamousson" all
    find "Pont-à-Mousson", and "dalembert" finds "D'Alembert"."""
    words = [fold(part, punctuation=False) for part in parts]
    glued = [word.replace(" ", "") for word in words if " " in word]
    return " ".join(word for word in [*words, *glued] if word)


def printable(text: str) -> str:
    """`text` with control characters (NUL, escapes…) turned into spaces: what a form field
    may safely echo and a database may store (PostgreSQL refuses NUL in text)."""
    return "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)


DROPPED = {"Cf", "Cs", "Co", "Cn"}  # format (RLO, zero-width…), surrogates, private, unassigned
SPACES = {"Cc", "Zl", "Zp", "Zs"}  # control characters (CR, LF, TAB, NUL…) and separators


def single_line(value: str) -> str:
    value = unicodedata.normalize("NFC", value)
    kept = []
    for char in value:
        category = unicodedata.category(char)
        if category in DROPPED:
            continue
        kept.append(" " if category in SPACES else char)
    return " ".join("".join(kept).split())


class SingleLineField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return single_line(value) if value else value


def single_line_formfield(db_field: models.Field, **kwargs):
    """`Meta.formfield_callback` of the model forms about people: their free single-line
    text fields (not e-mails, not choices) are normalised."""
    if (
        isinstance(db_field, models.CharField)
        and not isinstance(db_field, models.EmailField)
        and not db_field.choices
    ):
        kwargs.setdefault("form_class", SingleLineField)
    return db_field.formfield(**kwargs)


# --- French articles before an organisation's name ---------------------------------------
#
# "Pour l'Observatoire régional…", "de la Direction régionale…", "du Centre…", but "Pour
# ORIV", "de Labo Cités", "d'ORIV": a name opening on one of these common nouns takes its
# article (elided before a vowel); any other name (an acronym, a proper name) takes none,
# and only "de" elides before it. Names typed with their article ("La Fabrique…") are kept.
_ARTICLES = {
    "la": (
        "direction", "communaute", "metropole", "ville", "prefecture", "region", "maison",
        "mairie", "federation", "fondation", "caisse", "mission", "delegation", "chambre",
        "commune", "collectivite", "plateforme", "cooperative", "banque", "societe",
        "fabrique", "cite", "coordination", "regie",
    ),
    "le": (
        "centre", "conseil", "departement", "reseau", "comite", "collectif", "groupement",
        "syndicat", "pole", "service", "ministere", "cabinet", "club", "secretariat",
        "commissariat", "laboratoire", "bureau", "groupe", "forum", "programme",
    ),
    "l'": (
        "observatoire", "association", "agence", "institut", "office", "union",
        "etablissement", "ecole", "universite", "espace", "atelier", "unite", "instance",
        "academie", "assemblee", "inspection", "agglomeration", "eurometropole",
    ),
}  # fmt: skip
_ARTICLE_OF = {noun: article for article, nouns in _ARTICLES.items() for noun in nouns}


def _starts_with_vowel(text: str) -> bool:
    return fold(text[:1]) in set("aeiouyh")


def with_article(name: str) -> str:
    """ "l'Observatoire régional…", "la Direction…", "ORIV", "Labo Cités"."""
    first = fold(name.split(" ", 1)[0].split("'", 1)[0].split("’", 1)[0])
    if first in {"le", "la", "les", "l"}:
        return name[:1].lower() + name[1:]
    article = _ARTICLE_OF.get(first, "")
    return f"{article}{name}" if article == "l'" else f"{article} {name}".lstrip()


def of_name(name: str) -> str:
    """ "de l'Observatoire…", "de la Direction…", "du Centre…", "des Ateliers…", "d'ORIV",
    "de Labo Cités"."""
    named = with_article(name)
    if named.startswith("le "):
        return "du " + named[3:]
    if named.startswith("les "):
        return "des " + named[4:]
    if named == name and _starts_with_vowel(name):
        return f"d'{name}"
    return f"de {named}"
