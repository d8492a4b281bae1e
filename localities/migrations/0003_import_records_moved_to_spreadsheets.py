"""ImportRecord moves to the spreadsheets app: its table is renamed, its rows kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("localities", "0002_unit_aliases_and_import_records"),
    ]

    operations = [
        migrations.AlterModelTable(name="importrecord", table="spreadsheets_importrecord"),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ImportRecord")],
        ),
    ]
