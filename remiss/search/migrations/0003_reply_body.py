"""A reply's body on its search entry, for the search's body filter and facet; the entries of
replies already indexed get theirs from the reply (its own body, or its recipient's)."""

from typing import Any

from django.db import migrations, models


def fill_reply_bodies(apps: Any, schema_editor: Any) -> None:
    SearchEntry = apps.get_model("search", "SearchEntry")
    Reply = apps.get_model("consultations", "Reply")
    for pk, own, recipients in Reply.objects.values_list(
        "pk", "organisation_id", "recipient__organisation_id"
    ):
        if own or recipients:
            SearchEntry.objects.filter(key=f"reply:{pk}").update(body_id=own or recipients)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_full_text_index"),
        ("consultations", "0004_compilation_export"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="body_id",
            field=models.IntegerField(blank=True, null=True),
        ),
        migrations.RunPython(fill_reply_bodies, migrations.RunPython.noop),
    ]
