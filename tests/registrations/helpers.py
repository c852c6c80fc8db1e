"""Registering through the real service, as the views do."""

from registrations import services
from registrations.enums import Attendance, Category


def participant(email, **overrides):
    first, _, last = email.partition("@")[0].partition(".")
    return {
        "email": email,
        "first_name": first.capitalize() or "Camille",
        "last_name": (last or "MARTIN").upper(),
        "organisation": "Ville de Tomblaine",
        "function": "Cheffe de projet politique de la ville",
        "category": Category.LOCAL_AUTHORITY,
        "attendance": Attendance.ON_SITE,
        **overrides,
    }


def register(event, email, *, workshops=(), user=None, by_staff=False, **data):
    return services.registration_create(
        event=event,
        user=user,
        data=participant(email, **data),
        workshops=workshops,
        by_staff=by_staff,
    )
