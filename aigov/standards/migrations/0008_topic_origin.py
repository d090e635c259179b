"""Say how each topic came to be on a standard: curated, or derived from its title or scope.

Standard.topics gets an explicit link model over the table Django made for it
(standards_standard_topics, same columns and unique index), so existing links stay and read as
curated; the two new columns hold the origin and, for a derived topic, what matched.
"""

import django.db.models.deletion
from django.db import migrations, models

ORIGINS = [("curated", "Curated"), ("derived", "Derived from title or scope")]


class Migration(migrations.Migration):
    dependencies = [
        ("standards", "0007_translated_text_fields"),
        ("taxonomy", "0001_shared_vocabulary"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="StandardTopic",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "standard",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="topic_links",
                                to="standards.standard",
                            ),
                        ),
                        (
                            "topic",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="standard_links",
                                to="taxonomy.topic",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "topic of a standard",
                        "verbose_name_plural": "topics of standards",
                        "db_table": "standards_standard_topics",
                        "unique_together": {("standard", "topic")},
                    },
                ),
                migrations.AlterField(
                    model_name="standard",
                    name="topics",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="standards",
                        through="standards.StandardTopic",
                        to="taxonomy.topic",
                        verbose_name="topics",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="standardtopic",
            name="origin",
            field=models.CharField(
                choices=ORIGINS, default="curated", max_length=10, verbose_name="how applied"
            ),
        ),
        migrations.AddField(
            model_name="standardtopic",
            name="matched_in",
            field=models.CharField(
                blank=True,
                choices=[("title", "title"), ("summary", "scope")],
                default="",
                max_length=10,
                verbose_name="matched in",
            ),
        ),
        migrations.AddField(
            model_name="standardtopic",
            name="matched",
            field=models.CharField(
                blank=True, default="", max_length=100, verbose_name="matched words"
            ),
        ),
    ]
