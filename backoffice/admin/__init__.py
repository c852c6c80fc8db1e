"""The admin of the organiser's side: the composed event and slot pages, the registrations,
the teams, the accounts. Each app registers the admin of its own models; what spans apps is
registered here."""

from . import (  # noqa: F401  (registers the admin)
    evaluation,
    events,
    login,
    questions,
    registrations,
    team,
    trail,
    users,
)
