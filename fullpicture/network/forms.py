"""Forms of the people-around-the-child page, rendered with the shared GOV.UK components."""

from __future__ import annotations

from django import forms

from fullpicture.chronology.forms import InlineRadioSelect, RadioSelect
from fullpicture.people.forms import DateInputField, LabelledErrorsMixin
from fullpicture.people.models import RelationshipKind, Sex

NEW = "new"


class RelationshipAddForm(LabelledErrorsMixin, forms.Form):
    """`a` is `kind` of `b`, between people around the child or someone new."""

    a = forms.ChoiceField(label="Who", help_text="Choose 'Someone not listed' to add a person")
    kind = forms.ChoiceField(label="Is the", choices=[("", "Choose")] + RelationshipKind.choices)
    b = forms.ChoiceField(label="Of")
    from_date = DateInputField(
        label="From", required=False, help_text="When it started, if known. For example, 3 3 2025"
    )
    parental_responsibility = forms.ChoiceField(
        label="Parental responsibility",
        choices=[("yes", "Yes"), ("no", "No"), ("", "Not known")],
        required=False,
        widget=InlineRadioSelect,
    )
    given_name = forms.CharField(label="Given name of the person not listed", required=False)
    family_name = forms.CharField(label="Family name of the person not listed", required=False)
    sex = forms.ChoiceField(
        label="Sex of the person not listed",
        choices=Sex.choices,
        required=False,
        widget=RadioSelect,
    )
    birth_date = DateInputField(label="Date of birth of the person not listed", required=False)
    note = forms.CharField(
        label="How you know",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: mother told me at the home visit on 3 March",
    )

    def __init__(self, *args, people: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Choose"), *people, (NEW, "Someone not listed")]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices

    def clean(self):
        data = super().clean()
        a, b = data.get("a"), data.get("b")
        if a and a == b and a != NEW:
            self.add_error("b", "must be a different person")
        if NEW in (a, b) and not (data.get("given_name") or data.get("family_name")):
            self.add_error("given_name", "is required for a person not listed")
        if a == NEW and b == NEW:
            self.add_error("b", "must be someone already listed")
        if not data.get("kind"):
            self.add_error("kind", "is required")
        for name in ("a", "b"):
            if not data.get(name):
                self.add_error(name, "is required")
        return data

    @property
    def parental_responsibility_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("parental_responsibility"))


class RelationshipEndForm(LabelledErrorsMixin, forms.Form):
    relationship = forms.CharField(widget=forms.HiddenInput)
    to_date = DateInputField(label="Ended on", required=True)
    note = forms.CharField(label="Why it ended", widget=forms.Textarea(attrs={"rows": 2}))


class NamedWorkerForm(LabelledErrorsMixin, forms.Form):
    worker = forms.ChoiceField(
        label="Named worker",
        required=False,
        help_text="A colleague with a FullPicture account, or type the name below",
    )
    name = forms.CharField(label="Name, if not listed", required=False)
    role = forms.CharField(label="Role", required=False, help_text="For example: social worker")
    contact = forms.CharField(
        label="How to reach them", required=False, help_text="Telephone or email"
    )
    handover = forms.CharField(
        label="Handover summary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Needed when the named worker changes: what the new worker must know first",
    )

    def __init__(self, *args, colleagues: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [("", "Not listed"), *colleagues]

    def clean(self):
        data = super().clean()
        if not data.get("worker") and not data.get("name"):
            self.add_error("name", "is required when the named worker is not listed")
        return data
