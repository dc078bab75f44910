"""The forms of the managers' pages: parsing and field types only; the services validate the rest."""
from django import forms

from annotator.models import Role
from annotator.nlp.installed import pipelines_installed
from annotator.services.assignments import ASSIGNABLE_STATUSES


class ProjectForm(forms.Form):
    name = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    guidelines = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 10}),
                                 help_text="Markdown: headings (#), **bold**, lists (-), links.")
    spacy_model = forms.ChoiceField(label="Model", help_text="The installed spaCy pipeline that tokenizes and "
                                                             "pre-labels documents.")
    allow_overlap = forms.BooleanField(required=False, label="Spans may overlap")
    annotators_per_document = forms.IntegerField(min_value=1, max_value=100, initial=1,
                                                 label="Annotators per document")
    queue_unassigned = forms.BooleanField(required=False, initial=True,
                                          label="Offer unassigned documents once assigned ones are done")
    prelabel_on_import = forms.BooleanField(required=False, label="Pre-label documents when they are imported")

    # Browsers send a textarea's line breaks as CRLF whatever was typed; Markdown is kept with LF.
    def clean_description(self) -> str:
        return self.cleaned_data["description"].replace("\r\n", "\n")

    def clean_guidelines(self) -> str:
        return self.cleaned_data["guidelines"].replace("\r\n", "\n")

    def __init__(self, *args, current_model: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["spacy_model"].choices = [(n, n) for n in pipelines_installed(current=current_model)]
        self.fields["spacy_model"].initial = current_model or None


class MemberForm(forms.Form):
    username = forms.CharField(max_length=150)
    role = forms.ChoiceField(choices=Role.choices)


class AccountForm(forms.Form):
    username = forms.CharField(max_length=150)
    email = forms.EmailField(required=False)
    role = forms.ChoiceField(choices=Role.choices)


STATUS_CHOICES = [("new,prelabeled", "new or pre-labeled"), ("new", "new"), ("prelabeled", "pre-labeled"),
                  ("in_progress", "in progress")]


class AssignForm(forms.Form):
    username = forms.CharField(max_length=150)
    count = forms.IntegerField(min_value=1)
    statuses = forms.ChoiceField(choices=STATUS_CHOICES)

    def clean_statuses(self) -> list[str]:
        statuses = self.cleaned_data["statuses"].split(",")
        if any(s not in ASSIGNABLE_STATUSES for s in statuses):
            raise forms.ValidationError("not an assignable status")
        return statuses
