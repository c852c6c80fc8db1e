"""Run daily (cron or a scheduled task): reminders two days before, "registration is open"
alerts, then the purge of the alert requests no longer needed. Idempotent: a reminder or an
alert already sent is never sent again."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from registrations import emails, selectors, services
from registrations.enums import EmailKind


class Command(BaseCommand):
    help = (
        "Envoie les rappels (J-2) et les alertes d'ouverture des inscriptions, puis efface "
        "les demandes d'alerte devenues inutiles."
    )

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
        # The daily retention command calls the purge too; here, alerts sent just now (by
        # the immediate task backend) go at once. With a worker, they go on the next run.
        now = timezone.now()
        if dry_run:
            purged = selectors.opening_notices_to_purge(now=now).count()
            self.stdout.write(f"Demandes d'alerte à effacer : {purged}.")
        else:
            purged = services.opening_notices_purge(now=now)
            self.stdout.write(f"Demandes d'alerte effacées : {purged}.")
