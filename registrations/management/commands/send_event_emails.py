"""Run daily (cron or a scheduled task): reminders two days before, "registration is open"
alerts. Idempotent: a reminder or an alert already sent is never sent again."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from registrations import emails, selectors
from registrations.enums import EmailKind


class Command(BaseCommand):
    help = "Envoie les rappels (J-2) et les alertes d'ouverture des inscriptions."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Compter sans rien envoyer.")

    def handle(self, *args, dry_run=False, **options):
        from registrations.tasks import send_opening_notice

        reminders = list(
            selectors.reminder_recipients(today=timezone.localdate()).values_list("pk", flat=True)
        )
        notices = selectors.opening_notices_due()
        if not dry_run:
            emails.queue_once(reminders, EmailKind.REMINDER)
            for notice in notices:
                send_opening_notice.enqueue(notice_id=notice.pk)
        verb = "à envoyer" if dry_run else "envoyés ou mis en file"
        self.stdout.write(
            f"Rappels {verb} : {len(reminders)} ; alertes d'ouverture {verb} : {len(notices)}."
        )
