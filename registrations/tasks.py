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
