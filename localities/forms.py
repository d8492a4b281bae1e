"""The base of the portal's model forms: text is stored clean, whoever typed it."""

from __future__ import annotations

from django import forms

from localities.text import clean_text


def clean_value(value):
    """``clean_text`` on a string, on each string of a list (JSON aliases); others as they are."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_value(item) for item in value]
    return value


class CleanTextModelForm(forms.ModelForm):
    """Every text the form saves is NFC, without bidi overrides or zero-width characters."""

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            data[name] = clean_value(value)
        return data
