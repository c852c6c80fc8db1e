import pytest
from django.contrib.auth.models import Group

from quartiers2030.roles import ORGANISERS_GROUP

from .factories import UserFactory


@pytest.fixture
def organiser_user(db):
    """A staff member of the Organisateurs group, not a superuser."""
    user = UserFactory(username="organisatrice", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANISERS_GROUP))
    return user


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
