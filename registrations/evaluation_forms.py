"""The evaluation questionnaire's form: one field per question of each block (the day, then
each atelier attended), named after the question and the atelier."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import EvaluationQuestionKind

RATING_CHOICES = [
    ("1", _("1 — Pas du tout satisfait·e")),
    ("2", _("2 — Peu satisfait·e")),
    ("3", _("3 — Moyennement satisfait·e")),
    ("4", _("4 — Satisfait·e")),
    ("5", _("5 — Très satisfait·e")),
]
TEXT_MAX = 5000


def field_name(question, workshop) -> str:
    return f"q{question.pk}" + (f"-a{workshop.pk}" if workshop else "")


class EvaluationForm(forms.Form):
    def __init__(self, *args, blocks, **kwargs):
        super().__init__(*args, **kwargs)
        self.blocks = blocks
        self.keys = {}
        for block in blocks:
            for question in block.questions:
                name = field_name(question, block.workshop)
                self.fields[name] = self._field(question)
                self.keys[name] = (question.pk, block.workshop.pk if block.workshop else None)

    @staticmethod
    def _field(question):
        common = {
            "label": question.label,
            "help_text": question.help_text,
            "required": question.required,
        }
        if question.kind == EvaluationQuestionKind.RATING:
            return forms.ChoiceField(choices=RATING_CHOICES, widget=forms.RadioSelect, **common)
        if question.kind == EvaluationQuestionKind.CHOICE:
            choices = [(c, c) for c in question.choice_list()]
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        return forms.CharField(
            max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}), **common
        )

    def block_fields(self):
        """[(block, [bound fields])] for the template: a fieldset per block."""
        return [
            (block, [self[field_name(q, block.workshop)] for q in block.questions])
            for block in self.blocks
        ]

    def answers(self) -> dict:
        return {key: self.cleaned_data.get(name) for name, key in self.keys.items()}
