from django.core.management.base import BaseCommand
from django.db import transaction

from backoffice.demo.participants import load_demo_evaluation, load_demo_participants


class Command(BaseCommand):
    help = (
        "Ajoute des participant·es fictif·ves aux événements de démonstration (journée du "
        "2 octobre 2025, présences et réponses au questionnaire d'évaluation comprises, et "
        "événement de démonstration). Sans doublon."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Compter sans enregistrer.")

    def handle(self, *args, dry_run=False, **options):
        with transaction.atomic():
            created = load_demo_participants()
            answers = load_demo_evaluation()
            if dry_run:
                transaction.set_rollback(True)
        verb = "à ajouter" if dry_run else "ajoutée(s)"
        for slug, count in created.items():
            self.stdout.write(f"{slug} : {count} inscription(s) {verb}.")
        self.stdout.write(f"Questionnaire d'évaluation : {answers} réponse(s) {verb}.")
