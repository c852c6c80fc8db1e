import pytest
from django.core.cache import cache
from django.db.models.signals import post_save

from events.enums import TeamRole
from events.models import Organiser, TeamMember
from quartiers2030 import pdf

from .factories import UserFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the database is rolled back after a test, which
    bumps no version (quartiers2030/pagecache.py), so a page cached by a previous test
    could otherwise be served to the next one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): …` runs what it holds as if its transaction committed: the commit
    callbacks run at the end (the page-cache bumps of quartiers2030/pagecache.py, the
    tasks). A test's own transaction never commits, so without it a cached page would
    stay as it was."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


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
def queued(settings):
    """A task backend that only records the tasks: documents prepared in the background
    stay pending, as with a worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded files (logos, signatures) go to a fresh folder, which the PDF fetcher
    serves."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


class PdfFetches(list):
    """(url, "served" | "refused") for every URL WeasyPrint asked the PDF fetcher for."""

    @property
    def refused(self) -> list[str]:
        return [url for url, outcome in self if outcome == "refused"]

    @property
    def served_files(self) -> list[str]:
        """What was served, relative to the site, fonts left out: fonts are fetched once
        per process (the font configuration is cached), by whichever PDF comes first.
        Anything served from outside the project shows here as its full URL."""
        fonts = f"{pdf.BASE_URL}static/fonts/"
        return [
            url.removeprefix(pdf.BASE_URL)
            for url, outcome in self
            if outcome == "served" and not url.startswith(fonts)
        ]


@pytest.fixture
def pdf_fetches(monkeypatch):
    """What the PDF URL fetcher was asked for and did, recorded by a spy on its `fetch`.

    Tests assert on what the fetcher did, not on WeasyPrint's log: WeasyPrint also logs
    warnings about the machine (a missing system library such as HarfBuzz-Subset), which
    say nothing about what a PDF fetched.
    """
    fetcher_class = pdf._fetcher_class()
    fetch = fetcher_class.fetch
    fetches = PdfFetches()

    def spy(self, url, headers=None):
        try:
            response = fetch(self, url, headers)
        except Exception:
            fetches.append((url, "refused"))
            raise
        fetches.append((url, "served"))
        return response

    monkeypatch.setattr(fetcher_class, "fetch", spy)
    return fetches
