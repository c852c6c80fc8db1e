"""Text normalisation for what people type in single-line fields (names, organisation,
function…), in one place used by every form: Unicode NFC, no control or format characters
(CR/LF, NUL, tabs, right-to-left overrides, zero-width characters), spaces collapsed. A value
made only of such characters becomes empty, so a required field refuses it."""

import unicodedata

from django import forms
from django.db import models

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
