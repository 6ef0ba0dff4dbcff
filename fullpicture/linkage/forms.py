"""The reviewer's decision on a pair, and the reason for undoing a link."""

from django import forms


class PairDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Are these records the same person?",
        choices=[
            ("link", "Yes: link them into one person"),
            ("not_link", "No: they are different people"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether these records are the same person"},
    )
    reason = forms.CharField(
        label="Why?",
        help_text="What you compared and what decided it. Kept with the decision.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you decided this"},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter why you decided this")
        return reason


class UndoForm(forms.Form):
    reason = forms.CharField(
        label="Why are you undoing this link?",
        help_text="The records go back to the people they were before; every event goes with them.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you are undoing this link"},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter why you are undoing this link")
        return reason
