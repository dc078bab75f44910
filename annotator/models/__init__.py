from annotator.models.annotation import (Annotation, AnnotationKind, AnnotationStatus, AnnotationVersion, Relation, Span,
                                         VersionSource)
from annotator.models.assignment import Assignment
from annotator.models.audit import AppendOnly, AuditAction, AuditEvent
from annotator.models.document import Document, DocumentStatus
from annotator.models.figures import DocumentFigures, ProjectFigure
from annotator.models.job import FINISHED_STATUSES, Export, Job, JobChunk, JobKind, JobStatus
from annotator.models.project import ROLE_RANK, EntityType, Membership, Project, QueueOrder, RelationType, Role
from annotator.models.token import ApiToken
from annotator.models.threads import Comment, DocumentSkip, Thread
from annotator.models.trained_model import TrainBase, TrainedModel

__all__ = [
    "Annotation", "AnnotationKind", "AnnotationStatus", "AnnotationVersion", "Relation", "Span", "VersionSource",
    "Assignment", "Document", "DocumentStatus",
    "DocumentFigures", "ProjectFigure",
    "FINISHED_STATUSES", "Export", "Job", "JobChunk", "JobKind", "JobStatus",
    "ROLE_RANK", "EntityType", "Membership", "Project", "QueueOrder", "RelationType", "Role",
    "TrainBase", "TrainedModel",
    "ApiToken",
    "Comment", "DocumentSkip", "Thread",
    "AppendOnly", "AuditAction", "AuditEvent",
]
