"""Keep the actor's name on the history rows written before ``actor_name`` existed."""

from django.db import migrations


def fill_actor_names(apps, schema_editor):
    StatusChange = apps.get_model("initiatives", "StatusChange")
    rows = list(
        StatusChange.objects.filter(actor__isnull=False, actor_name="").select_related("actor")
    )
    for row in rows:
        full = f"{row.actor.first_name} {row.actor.last_name}".strip()
        row.actor_name = (full or row.actor.username)[:300]
    StatusChange.objects.bulk_update(rows, ["actor_name"], batch_size=500)


def clear_actor_names(apps, schema_editor):
    # The column is dropped by the previous migration when going back further; clearing the
    # names that an account still carries returns the rows to their state before this one.
    StatusChange = apps.get_model("initiatives", "StatusChange")
    StatusChange.objects.filter(actor__isnull=False).update(actor_name="")


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0005_actor_name_and_attachment_kind")]

    operations = [migrations.RunPython(fill_actor_names, clear_actor_names)]
