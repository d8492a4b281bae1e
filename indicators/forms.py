"""Forms of the pages' filter bars, rendered by Django with the site's Bootstrap classes."""

from __future__ import annotations

from django import forms


class StyledForm(forms.Form):
    """A form whose widgets carry Bootstrap's classes ("form-select", "form-check-input",
    "form-control") and "is-invalid" once their field has an error, so a template writes
    ``{{ form.field }}`` instead of the element by hand."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput) or "class" in widget.attrs:
                continue
            if isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            elif isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            else:
                widget.attrs["class"] = "form-control"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"
