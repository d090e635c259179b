"""Status history says how each step came about in the reader's language (issue 18, item 5).

The steps the reference load and registration wrote carried an English (or, for registration,
a translated) sentence as their note; they become an `origin` with an empty note. Reversing
writes the English sentences back.
"""

from django.db import migrations, models

LOADED = "as first loaded from standards.csv"
RELOADED = "status changed in standards.csv"
# "Registered." as the catalogues of the six languages wrote it into notes.
REGISTERED = ["Registered.", "سُجِّل.", "已登记。", "Enregistrée.", "Зарегистрирован.", "Registrada."]


def to_origin(apps, schema_editor):
    StatusChange = apps.get_model("standards", "StatusChange")
    StatusChange.objects.filter(note=LOADED).update(origin="reference_load", note="")
    StatusChange.objects.filter(note=RELOADED).update(origin="reference_change", note="")
    StatusChange.objects.filter(note__in=REGISTERED).update(origin="registered", note="")


def to_note(apps, schema_editor):
    StatusChange = apps.get_model("standards", "StatusChange")
    StatusChange.objects.filter(origin="reference_load").update(note=LOADED)
    StatusChange.objects.filter(origin="reference_change").update(note=RELOADED)
    StatusChange.objects.filter(origin="registered", note="").update(note=REGISTERED[0])


class Migration(migrations.Migration):
    dependencies = [
        ("standards", "0009_reviews_and_gaps_await_moderation"),
    ]

    operations = [
        migrations.AddField(
            model_name="statuschange",
            name="origin",
            field=models.CharField(
                choices=[
                    ("reference_load", "First loaded from the reference list of standards"),
                    ("reference_change", "Changed in the reference list of standards"),
                    ("registered", "Registered"),
                    ("changed", "Status changed"),
                ],
                default="changed",
                max_length=20,
                verbose_name="origin",
            ),
        ),
        migrations.RunPython(to_origin, to_note),
    ]
