"""Background sending of replies (run by `manage.py worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def reply_send_task(message_id: int) -> str:
    """One attempt; a retryable failure enqueues the next one after its backoff."""
    from crmplus.social.models import SendStatus
    from crmplus.social.outbound import reply_enqueue, reply_send

    message = reply_send(message_id)
    if message.send_status == SendStatus.RETRYING:
        reply_enqueue(message, run_after=message.next_attempt_at)
    return message.send_status


@task()
def deliveries_reprocess_task(ids: list[int] | None = None) -> dict[str, int]:
    """Process failed webhook deliveries (or the given ones) again."""
    from crmplus.social.services_inbound import deliveries_reprocess

    return deliveries_reprocess(ids=ids)
