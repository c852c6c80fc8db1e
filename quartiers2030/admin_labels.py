"""Accessible names for the admin's form widgets (RGAA 11.1, WCAG 4.1.2).

Django's tabular inlines show each field's label once, in the column header, so the inputs of
the rows have no label of their own and their selects no accessible name (axe-core: "label",
"select-name"). Fields made of several inputs (a date and a time) get a `<legend>` for the
group but nothing for each input. These helpers give every such input an `aria-label`
naming its column and row, or its part ("date", "heure").
"""

from django import forms
from django.utils.translation import gettext as _


def _inner(widget):
    """The widget that renders the input: the admin wraps selects of related objects (the
    "+" and pencil links), and the wrapper's own attrs are not rendered."""
    while hasattr(widget, "widget"):
        widget = widget.widget
    return widget


def _part_names(widget: forms.MultiWidget) -> list[str]:
    names = []
    for n, subwidget in enumerate(widget.widgets, start=1):
        if isinstance(subwidget, forms.DateInput):
            names.append(_("date"))
        elif isinstance(subwidget, forms.TimeInput):
            names.append(_("heure"))
        else:
            names.append(_("partie %(n)s") % {"n": n})
    return names


def label_widget(field: forms.Field, name: str) -> None:
    """Give `field`'s input(s) the accessible name `name` unless they already have one."""
    widget = _inner(field.widget)
    if widget.is_hidden:
        return
    if isinstance(widget, forms.MultiWidget):
        for subwidget, part in zip(widget.widgets, _part_names(widget), strict=True):
            subwidget.attrs.setdefault("aria-label", f"{name} : {part}")
        return
    widget.attrs.setdefault("aria-label", name)


def label_parts(form_class: type[forms.BaseForm]) -> type[forms.BaseForm]:
    """The inputs of fields made of several parts (date and time) get a name each. The admin
    builds the form class for each request, so changing its fields does not leak."""
    for field in form_class.base_fields.values():
        if isinstance(_inner(field.widget), forms.MultiWidget):
            label_widget(field, str(field.label))
    return form_class


class LabelledRowsFormSet:
    """A formset whose every input is named after its column, table and row: "Salle (temps
    du programme, ligne 3)", "… nouvelle ligne)" in the template row "Ajouter" copies."""

    def add_fields(self, form, index):
        super().add_fields(form, index)  # adds "Supprimer" and the hidden primary key
        row = _("nouvelle ligne") if index is None else _("ligne %(n)s") % {"n": index + 1}
        # Two tables of one page may share a column name ("Titre"): the table is named too.
        table = self.model._meta.verbose_name
        for field in form.fields.values():
            label_widget(field, f"{field.label} ({table}, {row})")


def labelled_rows(formset_class):
    return type(formset_class.__name__, (LabelledRowsFormSet, formset_class), {})
