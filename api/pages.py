"""/du-lieu/: every open dataset with its CSV, XLSX and JSON, field dictionary, licence and
source; /du-lieu/<dataset>.csv|.xlsx are the downloads."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse

from api.datasets import BY_KEY, DATASETS
from indicators.exports import table_response


def open_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "api/open_data.html",
        {
            "datasets": [
                {
                    "dataset": dataset,
                    "csv": reverse("api:download", args=[dataset.key, "csv"]),
                    "xlsx": reverse("api:download", args=[dataset.key, "xlsx"]),
                    "json": reverse(dataset.api_url_name),
                }
                for dataset in DATASETS
            ],
        },
    )


def download(request: HttpRequest, dataset: str, fmt: str) -> HttpResponseBase:
    found = BY_KEY.get(dataset)
    if found is None or fmt not in ("csv", "xlsx"):
        raise Http404
    response = table_response(
        fmt, found.key, found.headers(), found.rows(), sources=found.sources()
    )
    assert response is not None
    return response
