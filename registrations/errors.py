"""The domain errors of registrations: each carries a French `message`, said to the user
as it is (views turn them into a message or a form error)."""

from django.utils.translation import gettext as _


class RegistrationError(Exception):
    """A rule of registration was broken; `message` is said to the user as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RegistrationClosed(RegistrationError):
    pass


class AlreadyRegistered(RegistrationError):
    def __init__(self, registration):
        super().__init__(_("Vous êtes déjà inscrit·e à cet événement."))
        self.registration = registration


class InvalidWorkshopChoice(RegistrationError):
    pass


class WorkshopFull(RegistrationError):
    def __init__(self, workshop):
        super().__init__(
            _("L'atelier « %(title)s » est complet : choisissez-en un autre.")
            % {"title": workshop.title}
        )
        self.workshop = workshop


class OnSiteFull(RegistrationError):
    """No on-site seat left for someone asking to come on site."""


class CheckinRefused(RegistrationError):
    pass


class OpeningNoticeUnavailable(RegistrationError):
    """ "Tell me when it opens" is only for events whose registration is not open yet."""
