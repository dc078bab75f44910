from annotator.models.annotation import (Annotation, AnnotationKind, AnnotationStatus, AnnotationVersion, Relation, Span,
                                         VersionSource)
from annotator.models.audit import AppendOnly, AuditAction, AuditEvent
from annotator.models.document import Document, DocumentStatus
from annotator.models.job import FINISHED_STATUSES, Export, Job, JobChunk, JobKind, JobStatus
from annotator.models.project import ROLE_RANK, EntityType, Membership, Project, RelationType, Role
from annotator.models.token import ApiToken
from annotator.models.trained_model import TrainBase, TrainedModel

__all__ = [
    "Annotation", "AnnotationKind", "AnnotationStatus", "AnnotationVersion", "Relation", "Span", "VersionSource",
    "Document", "DocumentStatus",
    "FINISHED_STATUSES", "Export", "Job", "JobChunk", "JobKind", "JobStatus",
    "ROLE_RANK", "EntityType", "Membership", "Project", "RelationType", "Role",
    "TrainBase", "TrainedModel",
    "ApiToken",
    "AppendOnly", "AuditAction", "AuditEvent",
]
