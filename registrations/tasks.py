from django_tasks import task


@task()
def send_registration_email(*, registration_id: int, kind: str) -> None:
    from . import emails

    emails.send(registration_id=registration_id, kind=kind)
