"""Membership moves to the accounts app: its table is renamed, its rows kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0003_memberships_and_status_history"),
    ]

    operations = [
        migrations.AlterModelTable(name="membership", table="accounts_membership"),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Membership")],
        ),
    ]
