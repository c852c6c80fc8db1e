import pytest
from django.db.models.signals import post_save

from events.enums import TeamRole
from events.models import Organiser, TeamMember

from .factories import UserFactory


@pytest.fixture
def organiser_user(db):
    """A staff member, not a superuser, administrator of every organiser's team — those
    that exist and those the test creates (each test builds the organisers it needs)."""
    user = UserFactory(username="organisatrice", is_staff=True)

    def join(instance, created, **kwargs):
        if created:
            TeamMember.objects.create(organiser=instance, user=user, role=TeamRole.ADMIN)

    for organiser in Organiser.objects.all():
        join(organiser, created=True)
    post_save.connect(join, sender=Organiser, weak=False, dispatch_uid="organiser_user")
    yield user
    post_save.disconnect(sender=Organiser, dispatch_uid="organiser_user")


@pytest.fixture
def organiser_client(client, organiser_user):
    client.force_login(organiser_user)
    return client


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded files (logos, signatures) go to a fresh folder, which the PDF fetcher
    serves."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
