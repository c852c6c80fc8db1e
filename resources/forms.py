from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import ResourceKind
from .selectors import LibraryOptions

ANY = [("", _("Tous"))]


class SearchInput(forms.TextInput):
    input_type = "search"


class LibraryFilterForm(forms.Form):
    """The library's GET filters. A value that is not offered (stale link, typed URL) is
    dropped from `filters()` and shown as an error on its field, the rest still applies."""

    search = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=200,
        widget=SearchInput,
        help_text=_("Dans les titres et descriptions des ressources et les titres des événements."),
    )
    theme = forms.ChoiceField(label=_("Thème"), required=False)
    event = forms.ChoiceField(label=_("Événement"), required=False)
    cycle = forms.ChoiceField(label=_("Cycle"), required=False)
    kind = forms.ChoiceField(label=_("Type de ressource"), required=False)
    year = forms.ChoiceField(label=_("Année"), required=False)

    def __init__(self, *args, options: LibraryOptions, **kwargs):
        super().__init__(*args, **kwargs)
        self.events = {event.slug: event for event in options.events}
        self.cycles = {cycle.slug: cycle for cycle in options.cycles}
        self.fields["theme"].choices = ANY + [(theme, theme) for theme in options.themes]
        self.fields["event"].choices = ANY + [
            (event.slug, f"{event.title} ({event.date:%d/%m/%Y})") for event in options.events
        ]
        self.fields["cycle"].choices = ANY + [(cycle.slug, cycle.title) for cycle in options.cycles]
        self.fields["kind"].choices = ANY + list(ResourceKind.choices)
        self.fields["year"].choices = ANY + [(str(year), str(year)) for year in options.years]

    def filters(self) -> dict:
        """Keyword arguments for `selectors.library_resources`, from the valid fields."""
        self.is_valid()
        data = self.cleaned_data
        year = data.get("year")
        return {
            "search": data.get("search", ""),
            "theme": data.get("theme", ""),
            "event": self.events.get(data.get("event", "")),
            "cycle": self.cycles.get(data.get("cycle", "")),
            "kind": data.get("kind", ""),
            "year": int(year) if year else None,
        }
