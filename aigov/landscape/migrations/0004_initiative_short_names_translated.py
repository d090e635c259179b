"""Initiatives' short names become text per language (issue 18, item 5): the English short
name moves into `short_names`, and back when reversed."""

from django.db import migrations, models

import aigov.core.translation


def to_translated(apps, schema_editor):
    Initiative = apps.get_model("landscape", "Initiative")
    for initiative in Initiative.objects.exclude(short_name="").iterator():
        initiative.short_names = {"en": initiative.short_name}
        initiative.short_names_provenance = {"en": "source"}
        initiative.save(update_fields=["short_names", "short_names_provenance"])


def to_english(apps, schema_editor):
    Initiative = apps.get_model("landscape", "Initiative")
    for initiative in Initiative.objects.iterator():
        initiative.short_name = (initiative.short_names or {}).get("en", "")
        initiative.save(update_fields=["short_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("landscape", "0003_translated_text_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="initiative",
            name="short_names",
            field=aigov.core.translation.TranslatedTextField(
                blank=True, max_length=120, verbose_name="short names"
            ),
        ),
        migrations.AddField(
            model_name="initiative",
            name="short_names_provenance",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Per language: source, human, machine or reviewed.",
                verbose_name="short names' translation provenance",
            ),
        ),
        migrations.RunPython(to_translated, to_english),
        migrations.RemoveField(model_name="initiative", name="short_name"),
    ]
