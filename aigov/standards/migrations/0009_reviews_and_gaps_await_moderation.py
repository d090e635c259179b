from django.db import migrations, models


class Migration(migrations.Migration):
    """Reviews and gap proposals wait for the secretariat's moderation from now on.

    Those posted before were published without that step: they are added as already dealt with
    (False), and the field's default then becomes True for what participants post next.
    """

    dependencies = [
        ("standards", "0008_topic_origin"),
    ]

    operations = [
        migrations.AddField(
            model_name="review",
            name="awaits_moderation",
            field=models.BooleanField(
                db_index=True, default=False, verbose_name="awaiting moderation"
            ),
        ),
        migrations.AddField(
            model_name="gapproposal",
            name="awaits_moderation",
            field=models.BooleanField(
                db_index=True, default=False, verbose_name="awaiting moderation"
            ),
        ),
        migrations.AlterField(
            model_name="review",
            name="awaits_moderation",
            field=models.BooleanField(
                db_index=True, default=True, verbose_name="awaiting moderation"
            ),
        ),
        migrations.AlterField(
            model_name="gapproposal",
            name="awaits_moderation",
            field=models.BooleanField(
                db_index=True, default=True, verbose_name="awaiting moderation"
            ),
        ),
    ]
