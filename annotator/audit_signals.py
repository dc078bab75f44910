"""What the audit trail hears about without being called: logins (every way in sends Django's login
signals; the token endpoint too) and membership changes (from the API, the admin or a command)."""
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from annotator.models import AuditAction, Membership, Project
from annotator.services.audit import audit_record


@receiver(user_logged_in, dispatch_uid="audit_login")
def audit_login(sender, request, user, **kwargs):
    audit_record(action=AuditAction.LOGIN, user=user, details={"path": getattr(request, "path", "")})


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    path = getattr(request, "path", "")
    address = None
    if request is not None:
        from annotator.middleware import client_address

        address = client_address(request)
    audit_record(action=AuditAction.LOGIN_FAILED, username=username, address=address, details={"path": path})


@receiver(pre_save, sender=Membership, dispatch_uid="audit_membership_before")
def membership_before(sender, instance, raw=False, **kwargs):
    instance._audit_old_role = (Membership.objects.filter(pk=instance.pk).values_list("role", flat=True).first()
                                if instance.pk and not raw else None)


@receiver(post_save, sender=Membership, dispatch_uid="audit_membership_saved")
def membership_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    old = getattr(instance, "_audit_old_role", None)
    if created:
        audit_record(action=AuditAction.MEMBER_ADDED, project=instance.project, obj=instance,
                     details={"member": instance.user.get_username(), "role": instance.role})
    elif old != instance.role:
        audit_record(action=AuditAction.ROLE_CHANGED, project=instance.project, obj=instance,
                     details={"member": instance.user.get_username(), "from": old, "to": instance.role})


@receiver(post_delete, sender=Membership, dispatch_uid="audit_membership_deleted")
def membership_deleted(sender, instance, **kwargs):
    # Also sent when the project or the user goes (a cascade): name what is still there.
    project = Project.objects.filter(pk=instance.project_id).first()
    member = get_user_model().objects.filter(pk=instance.user_id).values_list("username", flat=True).first()
    audit_record(action=AuditAction.MEMBER_REMOVED, project=project, obj=instance,
                 details={"member": member or f"user {instance.user_id}", "role": instance.role,
                          "project_id": instance.project_id})
