"""The "Organisateurs" group: staff who build events without being superusers.

Kept up to date after every `migrate` (so a new model gets its permissions without a
hand-written data migration), and idempotent.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions

ORGANISERS_GROUP = "Organisateurs"
# The apps whose every model the organising team manages.
ORGANISER_APPS = ("events", "workshops", "registrations", "resources")


def ensure_organisers_group(**kwargs):
    from django.contrib.auth.models import Group, Permission

    configs = [apps.get_app_config(label) for label in ORGANISER_APPS]
    for config in configs:
        create_permissions(config, verbosity=0, using=kwargs.get("using", "default"))
    group, _ = Group.objects.get_or_create(name=ORGANISERS_GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=ORGANISER_APPS))
    return group
