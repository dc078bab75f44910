from celery import shared_task

from annotator.services.document_tokens import document_tokens_fill


@shared_task(acks_late=True, reject_on_worker_lost=True)
def document_tokens_fill_task(document_ids: list[int]) -> None:
    document_tokens_fill(document_ids=document_ids)
