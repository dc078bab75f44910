"""The API tokens page: a person makes named tokens (the key is shown once), sees and revokes theirs."""
from datetime import timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from annotator.selectors.tokens import api_tokens_of
from annotator.services.errors import ServiceError
from annotator.services.tokens import api_token_create, api_token_revoke

EXPIRY_CHOICES = [("", "never"), ("7", "in 7 days"), ("30", "in 30 days"), ("90", "in 90 days"),
                  ("365", "in a year")]


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What it is for, e.g. “training pipeline”.")
    read_only = forms.BooleanField(required=False, label="Read-only (reads and export downloads only)")
    expires_in = forms.ChoiceField(choices=EXPIRY_CHOICES, required=False, label="Expires")

    def expires_at(self):
        days = self.cleaned_data.get("expires_in")
        return timezone.now() + timedelta(days=int(days)) if days else None


@login_required
def account_tokens(request):
    form, issued = TokenForm(), None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                issued = api_token_create(user=request.user, name=form.cleaned_data["name"],
                                          read_only=form.cleaned_data["read_only"], expires_at=form.expires_at())
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                form = TokenForm()
    response = render(request, "annotator/tokens.html", {
        "form": form, "issued": issued, "tokens": api_tokens_of(user=request.user), "now": timezone.now(),
    })
    response["Cache-Control"] = "no-store"  # the page may hold a key
    return response


@login_required
@require_POST
def account_token_revoke(request, token_id: int):
    token = api_tokens_of(user=request.user).filter(pk=token_id).first()
    if token is not None:
        api_token_revoke(token=token)
    return redirect("account_tokens")
