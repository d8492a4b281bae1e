"""The submission form of commune officials, with attachments checked by their content; the
search and sort bar of the catalogue and the filters of the review queue."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.forms import StyledForm
from indicators.models import Component, Index
from initiatives.files import detect_kind
from initiatives.filters import SORTS
from initiatives.models import (
    INITIATIVE_STAGE_FIELDS,
    INITIATIVE_TEXT_FIELDS,
    Initiative,
    ReformArea,
)
from localities.forms import CleanTextModelForm

MAX_FILES = 5
MAX_FILE_SIZE = 10 * 1024 * 1024


def check_upload(upload) -> str:
    """The upload's kind (initiatives.files.KINDS), read from its content; ValidationError
    with the file's name when it is too large or not what an attachment may be."""
    if upload.size > MAX_FILE_SIZE:
        raise ValidationError(
            _("Tệp “%(name)s” nặng %(size)s MB, vượt quá 10 MB.")
            % {"name": upload.name, "size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")}
        )
    kind = detect_kind(upload)
    if kind is None:
        raise ValidationError(
            _(
                "Tệp “%(name)s” không phải PDF, DOCX, XLSX, JPG hay PNG hợp lệ (kiểm tra theo "
                "nội dung tệp, không theo đuôi tên; tệp Word, Excel có macro không được nhận)."
            )
            % {"name": upload.name}
        )
    return kind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class InitiativeForm(CleanTextModelForm):
    targets = forms.MultipleChoiceField(
        label=gettext_lazy("Chỉ số, thành phần hướng tới"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    # The form's metaclass moves declared fields to base_fields: self.files stays the uploads.
    files = MultipleFileField(  # type: ignore[assignment]
        label=gettext_lazy(
            "Tệp đính kèm (tối đa 5 tệp, mỗi tệp ≤ 10 MB: PDF, DOCX, XLSX, JPG, PNG)"
        ),
        required=False,
    )

    class Meta:
        model = Initiative
        fields = [
            *INITIATIVE_TEXT_FIELDS,
            "level",
            "areas",
            *INITIATIVE_STAGE_FIELDS,
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "how_it_works": forms.Textarea(attrs={"rows": 4}),
            "results": forms.Textarea(attrs={"rows": 3}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "areas": forms.CheckboxSelectMultiple,
            "recognition_date": forms.DateInput(attrs={"placeholder": "30/06/2024"}),
        }

    def __init__(self, *args, existing_files: int = 0, draft: bool = False, **kwargs):
        #: Files checked and kept while the form had other errors: [(upload, kind)].
        self.good_files: list = []
        super().__init__(*args, **kwargs)
        self.existing_files = existing_files
        self.draft = draft
        areas, replicated_from = self.fields["areas"], self.fields["replicated_from"]
        assert isinstance(areas, forms.ModelChoiceField)
        assert isinstance(replicated_from, forms.ModelChoiceField)
        areas.queryset = ReformArea.objects.order_by("order")
        areas.to_field_name = "code"  # readable values: ?areas=cai-cach-tthc
        replicated_from.queryset = Initiative.objects.published().order_by("title")
        self.fields["replicated_from"].required = False
        choices = []
        components = list(Component.objects.filter(parent__isnull=True).order_by("order"))
        for index in Index.objects.order_by("order"):
            choices.append((index.code, _("%(index)s (cả chỉ số)") % {"index": index.short_name}))
            choices += [
                (f"{index.code}:{c.code}", f"{index.short_name} · {c.name}")
                for c in components
                if c.index_id == index.pk and (c.last_year is None or c.last_year >= 2016)
            ]
        targets = self.fields["targets"]
        assert isinstance(targets, forms.ChoiceField)
        targets.choices = choices
        if self.instance.pk:
            self.fields["targets"].initial = [
                t.index.code + (f":{t.component.code}" if t.component_id else "")
                for t in self.instance.targets.select_related("index", "component")
            ]
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | MultipleFileInput):
                continue
            widget.attrs["class"] = (
                "form-select" if isinstance(widget, forms.Select) else "form-control"
            )
        if draft:
            # A draft may be saved at any time: only the title is needed.
            for name, field in self.fields.items():
                field.required = name == "title"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields and "class" in self.fields[name].widget.attrs:
                self.fields[name].widget.attrs["class"] += " is-invalid"

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if len(files) + self.existing_files > MAX_FILES:
            raise ValidationError(
                _("Tối đa %(max)s tệp đính kèm (đã có %(existing)s, chọn thêm %(new)s).")
                % {"max": MAX_FILES, "existing": self.existing_files, "new": len(files)}
            )
        errors = []
        for upload in files:
            try:
                upload.detected_kind = check_upload(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
            else:
                self.good_files.append(upload)
        if errors:
            raise ValidationError(errors)
        return files

    def clean(self):
        data = super().clean()
        if not self.draft and not data.get("areas"):
            self.add_error("areas", _("Chọn ít nhất một lĩnh vực cải cách hành chính."))
        return data


class CatalogueForm(StyledForm):
    """The catalogue's search box and sort order, shown as the page applied them (the facets
    beside them are the filter's own fields, with their counts)."""

    q = forms.CharField(
        label=gettext_lazy("Tìm theo tên, đơn vị, địa bàn (gõ có dấu hay không dấu đều được)"),
        required=False,
        widget=forms.SearchInput(
            attrs={"placeholder": gettext_lazy("ví dụ: ngay thu bay, TTHC, Đông Tiến")}
        ),
    )
    sap_xep = forms.ChoiceField(
        label=gettext_lazy("Sắp xếp"),
        required=False,
        choices=[(key, label) for key, (label, _order) in SORTS.items()],
    )

    def __init__(self, *, q: str, sort: str, sorts: list | None = None) -> None:
        super().__init__(initial={"q": q, "sap_xep": sort}, auto_id="%s")
        if sorts is not None:  # with a search, "most relevant" comes first
            sort_field = self.fields["sap_xep"]
            assert isinstance(sort_field, forms.ChoiceField)
            sort_field.choices = sorts


class ReviewQueueForm(StyledForm):
    """The review queue's filters: the status (from the choices) and the commune, each with
    the number of records waiting."""

    trang_thai = forms.ChoiceField(label=gettext_lazy("Trạng thái"), required=False)
    xa = forms.ChoiceField(label=gettext_lazy("Xã, phường"), required=False)

    def __init__(self, *, status: str, commune: str, communes: list[dict]) -> None:
        super().__init__(initial={"trang_thai": status, "xa": commune}, auto_id="%s")
        everything = ("", _("Tất cả"))
        waiting = (Initiative.Status.SUBMITTED, Initiative.Status.RESUBMITTED)
        status_field, commune_field = self.fields["trang_thai"], self.fields["xa"]
        assert isinstance(status_field, forms.ChoiceField)
        assert isinstance(commune_field, forms.ChoiceField)
        status_field.choices = [everything, *((s.value, s.label) for s in waiting)]
        commune_field.choices = [
            everything,
            *((c["locality_id"], f"{c['locality__name']} ({c['n']})") for c in communes),
        ]
