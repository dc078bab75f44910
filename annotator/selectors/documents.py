"""Reads of documents: scoped to members, without annotations (those have their own selector)."""
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast

from annotator.models import Document, Project
from annotator.selectors.projects import with_caller_role

# What a document object shows; the content hash stays inside.
DOCUMENT_FIELDS = ("id", "project_id", "title", "text", "meta", "external_id", "status", "tokens")
TOKENS_DECODED, TOKENS_RAW, TOKENS_NONE = "decoded", "raw", "none"


def documents_visible(*, user, tokens: str = TOKENS_DECODED, with_project: bool = True) -> QuerySet[Document]:
    """Documents of the user's projects, each with `caller_role` (and its project loaded, unless
    `with_project` is False); `tokens` as `with_tokens` reads them."""
    documents = Document.objects.select_related("project") if with_project else Document.objects.all()
    return with_caller_role(with_tokens(documents, tokens=tokens), user=user, project_path="project")


def document_page_for_member(*, user, document_id: int) -> Document | None:
    """What a document's page (editor, review) shows of it: id, title and project, with the caller's
    role; None when there is no such document or the user is not a member of its project."""
    return (documents_visible(user=user, tokens=TOKENS_NONE).filter(pk=document_id)
            .only("id", "title", "project__id", "project__name").first())


def project_documents(*, project: Project) -> QuerySet[Document]:
    """A project's documents in id order, loading only the fields a document object shows, the
    tokens as the JSON text they are stored as (`tokens_json`)."""
    documents = Document.objects.filter(project=project).only(*DOCUMENT_FIELDS[:-1]).order_by("id")
    return with_tokens(documents, tokens=TOKENS_RAW)


def with_tokens(documents: QuerySet[Document], *, tokens: str) -> QuerySet[Document]:
    """TOKENS_DECODED: `tokens` as lists, as the model gives them; TOKENS_RAW: not decoded but
    read as the JSON text stored (`tokens_json`), for answers that copy it as it is (a 450-word
    document has ~500 pairs: decoding them cost more than the rest of reading it); TOKENS_NONE:
    not read at all."""
    if tokens == TOKENS_DECODED:
        return documents
    documents = documents.defer("tokens")
    if tokens == TOKENS_RAW:
        documents = documents.annotate(tokens_json=Cast("tokens", TextField()))
    return documents

