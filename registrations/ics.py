"""STUB: the participant's personal agenda (.ics) — being written."""


def personal_calendar(registration) -> bytes:
    raise NotImplementedError
