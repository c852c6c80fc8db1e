from django_tasks import task


@task()
def send_registration_email(*, registration_id: int, kind: str) -> None:
    from . import emails

    emails.send(registration_id=registration_id, kind=kind)


@task()
def send_email_once(*, registration_id: int, kind: str) -> None:
    from . import emails

    emails.send_once(registration_id=registration_id, kind=kind)


@task()
def send_opening_notice(*, notice_id: int) -> None:
    from . import emails

    emails.send_opening_notice(notice_id=notice_id)


@task()
def send_opening_notice_confirmation(*, notice_id: int) -> None:
    from . import emails

    emails.send_opening_notice_confirmation(notice_id=notice_id)


@task()
def send_staff_message(*, message_id: int) -> None:
    from . import emails

    emails.send_staff_message(message_id=message_id)


@task()
def send_inactivity_warning(*, user_id: int) -> None:
    from . import emails

    emails.send_inactivity_warning(user_id=user_id)


@task()
def apply_retention() -> dict:
    """The daily lifecycle of personal data, for deployments that run a worker (a cron line
    `manage.py apply_retention --enqueue` hands it to the worker)."""
    from .services.retention import retention_apply

    return retention_apply()
