"""Personal API tokens: several per user, each named, stored as a SHA-256 digest only (the key is
shown once, when it is made), optionally expiring, optionally read-only."""
from django.conf import settings
from django.db import models
from django.db.models import Q


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    # The first characters of the key, to tell tokens apart in a list; too few to guess the rest.
    prefix = models.CharField(max_length=8)
    # hex SHA-256 of the key. Keys are 160 random bits, so a fast hash is safe (unlike passwords).
    digest = models.CharField(max_length=64, unique=True)
    read_only = models.BooleanField(default=False, help_text="Reads and export downloads only.")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Never, when empty.")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user_id", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="apitoken_name_not_empty")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…) of {self.user}"
