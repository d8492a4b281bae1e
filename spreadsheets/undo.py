"""Undoing a confirmed import from its :class:`ImportRecord`: the previous values of the fields
it changed come back and the records it created go; the undo is recorded in turn (an
ImportRecord of kind "revert" linked to the original), and an import is undone at most once.

Refused, with the reason, when a record the import changed was changed again since (its value
is no longer the one the import wrote) or deleted: undo never overwrites someone else's edit.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.db import router, transaction
from django.db.models.deletion import Collector
from django.utils.translation import gettext as _

from spreadsheets.models import ImportRecord
from spreadsheets.reading import display_value

#: Model label -> restore(instances by pk, [[pk, {relation: previous value}]]) for the relations
#: an import may replace (an initiative's areas and targets); registered by the importing app.
RELATION_RESTORERS: dict[str, Callable] = {}
BATCH = 2000
#: Reasons listed on the undo page; the rest are counted.
SHOWN = 50


class UndoRefused(Exception):
    """The import cannot be undone: the messages say why."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def register_relations(label: str, restore: Callable) -> None:
    RELATION_RESTORERS[label] = restore


def _model(record: ImportRecord):
    return apps.get_model(record.changes["model"])


def _field(model, attname: str):
    return next(f for f in model._meta.concrete_fields if f.attname == attname)


def summary(record: ImportRecord) -> dict:
    changes = record.changes or {}
    return {
        "deleted": len(changes.get("created", []))
        + sum(len(pks) for pks in changes.get("also_created", {}).values()),
        "restored": len(changes.get("updated", [])) + len(changes.get("relations", [])),
    }


def refusal(record: ImportRecord) -> list[str]:
    """Why this import cannot be undone (empty: it can)."""
    if record.kind == ImportRecord.Kind.REVERT:
        return [_("Đây là một lần hoàn tác, không hoàn tác tiếp được.")]
    if record.is_reverted:
        return [
            _("Lần nhập này đã được hoàn tác lúc %(when)s.")
            % {"when": record.reverted_by.created_at.strftime("%d/%m/%Y %H:%M")}
        ]
    if not record.changes.get("model"):
        return [
            _(
                "Lần nhập này không lưu những gì đã ghi (nhập trước khi có chức năng hoàn tác): "
                "không hoàn tác được."
            )
        ]
    return conflicts(record)


def conflicts(record: ImportRecord) -> list[str]:
    """The records changed or deleted since the import, field by field."""
    model = _model(record)
    updated = record.changes.get("updated", [])
    problems: list[str] = []
    for start in range(0, len(updated), BATCH):
        chunk = updated[start : start + BATCH]
        current = model._default_manager.in_bulk([pk for pk, _values in chunk])
        for pk, values in chunk:
            obj = current.get(pk)
            if obj is None:
                problems.append(
                    _("Bản ghi số %(pk)s mà lần nhập đã sửa nay đã bị xoá.") % {"pk": pk}
                )
                continue
            for attname, (_old, new) in values.items():
                field = _field(model, attname)
                now = getattr(obj, attname)
                if field.to_python(new) != now:
                    problems.append(
                        _(
                            "“%(record)s”: %(field)s nay là “%(now)s”, không còn là “%(new)s” "
                            "như lần nhập đã ghi (đã có người sửa sau đó)."
                        )
                        % {
                            "record": obj,
                            "field": field.verbose_name,
                            "now": display_value(field, now),
                            "new": display_value(field, field.to_python(new)),
                        }
                    )
    return problems


def _delete_alone(model, pks: list[int]) -> int:
    """Delete these records unless deleting one would take other records with it (an
    edition the import created that has scores someone added since stays)."""
    deleted = 0
    for obj in model._default_manager.filter(pk__in=pks):
        collector = Collector(using=router.db_for_write(model))
        collector.collect([obj])
        others = sum(len(objs) for objs in collector.data.values()) - 1
        others += sum(1 for qs in collector.fast_deletes if qs.exists())
        if others == 0:
            obj.delete()
            deleted += 1
    return deleted


@transaction.atomic
def revert(record: ImportRecord, user) -> ImportRecord:
    """Undo the import; returns the new record of kind "revert". Raises UndoRefused."""
    record = ImportRecord.objects.select_for_update().get(pk=record.pk)
    problems = refusal(record)
    if problems:
        raise UndoRefused(problems)
    model = _model(record)
    changes = record.changes
    updated = changes.get("updated", [])
    for start in range(0, len(updated), BATCH):
        chunk = updated[start : start + BATCH]
        objs = model._default_manager.in_bulk([pk for pk, _values in chunk])
        fields: set[str] = set()
        for pk, values in chunk:
            for attname, (old, _new) in values.items():
                setattr(objs[pk], attname, _field(model, attname).to_python(old))
                fields.add(_field(model, attname).name)
        model._default_manager.bulk_update(list(objs.values()), sorted(fields))
    if changes.get("relations"):
        restore = RELATION_RESTORERS[changes["model"]]
        relations = changes["relations"]
        restore(model._default_manager.in_bulk([pk for pk, _v in relations]), relations)
    deleted = 0
    created = changes.get("created", [])
    for start in range(0, len(created), BATCH):
        deleted += (
            model._default_manager.filter(pk__in=created[start : start + BATCH])
            .delete()[1]
            .get(model._meta.label, 0)
        )
    for label, pks in changes.get("also_created", {}).items():
        deleted += _delete_alone(apps.get_model(label), pks)
    return ImportRecord.objects.create(
        kind=ImportRecord.Kind.REVERT,
        reverts=record,
        file_name=record.file_name,
        user=user if getattr(user, "pk", None) else None,
        changed=len(updated),
        changes={"restored": len(updated), "deleted": deleted},
    )
