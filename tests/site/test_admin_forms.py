"""Admin forms: a web address typed without its scheme is read as https, in every form that
edits one (Django 6.0's default, set explicitly so that Django 5.2 does not warn)."""

from __future__ import annotations

import warnings

import pytest
from django.contrib import admin

from indicators.models import Edition, Index
from initiatives.models import Initiative, Source


@pytest.mark.parametrize(
    ("model", "field"), [(Index, "website"), (Edition, "source_url"), (Source, "url")]
)
def test_an_address_without_a_scheme_is_https(model, field, rf):
    if model is Source:
        model_admin = next(
            inline(Initiative, admin.site)
            for inline in admin.site._registry[Initiative].inlines
            if inline.model is Source
        )
    else:
        model_admin = admin.site._registry[model]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the Django 6.0 deprecation warning is an error here
        form_field = model_admin.formfield_for_dbfield(model._meta.get_field(field), rf.get("/"))
    assert form_field.clean("moha.gov.vn/tin-tuc") == "https://moha.gov.vn/tin-tuc"
    assert form_field.clean("http://papi.org.vn") == "http://papi.org.vn"
