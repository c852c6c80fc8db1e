from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Inscriptions")

    def ready(self):
        from events.caching import event_name, registrations_name
        from quartiers2030 import pagecache

        from .models import Question, Registration

        # Seats left and the participant count shown to anonymous visitors of the event page.
        pagecache.bump_on_change(
            Registration, lambda registration: (registrations_name(registration.event_id),)
        )
        # The registration form's event, cached with whether it has questions
        # (selectors.registration_form_event); an organiser's standard questions are copied
        # into events, they change none.
        pagecache.bump_on_change(
            Question, lambda question: (event_name(question.event_id),) if question.event_id else ()
        )
