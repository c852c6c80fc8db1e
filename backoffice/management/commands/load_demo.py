from django.core.management.base import BaseCommand
from django.db import transaction

from backoffice.demo.loader import demo_data, load_demo
from events.models import Event

# The keys of the summary `load_demo()` returns, in the order they are printed.
SUMMARY_LABELS = {
    "organisers": "organisateurs",
    "cycles": "cycles",
    "venues": "lieux",
    "rooms": "salles",
    "speakers": "intervenant·es",
    "events": "événements",
    "slots": "temps du programme",
    "slot_speakers": "interventions",
    "workshops": "ateliers",
    "takeaways": "« À retenir »",
    "resources": "ressources",
}


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration : les événements des documents d'origine et un "
        "événement de démonstration ouvert aux inscriptions. Peut être relancée sans créer "
        "de doublons."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Affiche ce qui serait créé ou modifié, sans rien enregistrer.",
        )

    def handle(self, *args, dry_run=False, **options):
        with transaction.atomic():
            summary = load_demo()
            demo_date = Event.objects.get(slug=demo_data()["demonstration"]["slug"]).date
            if dry_run:
                transaction.set_rollback(True)

        events, slots, workshops = (summary[k]["total"] for k in ("events", "slots", "workshops"))
        heading = "Simulation (rien n'a été enregistré)" if dry_run else "Données chargées"
        self.stdout.write(
            f"{heading} : {events} événements, {slots} temps du programme, {workshops} ateliers."
        )
        if dry_run:
            created, updated = "à créer", "à mettre à jour"
        else:
            created, updated = "créé·es", "mis·es à jour"
        for key, label in SUMMARY_LABELS.items():
            numbers = summary[key]
            self.stdout.write(
                f"  {label} : {numbers['total']} ({numbers['created']} {created}, "
                f"{numbers['updated']} {updated})"
            )
        self.stdout.write(f"Événement de démonstration le {demo_date:%d/%m/%Y}.")
