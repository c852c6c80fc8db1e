"""Text normalisation shared by sorting and searching, done in Python so that it behaves the
same on SQLite and PostgreSQL (neither `unaccent` nor ICU collations are needed)."""

import unicodedata


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
