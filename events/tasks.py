from django_tasks import task


@task()
def send_team_invitation(*, member_id: int) -> None:
    from .emails import send_team_invitation as send

    send(member_id=member_id)
