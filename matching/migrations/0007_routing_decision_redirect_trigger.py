from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0006_youth_request_leaner_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="routingdecision",
            name="trigger",
            field=models.CharField(
                choices=[
                    ("submission", "Envoi de la demande"),
                    ("sweep", "Reprise automatique"),
                    ("coverage_change", "Changement de couverture d'une association"),
                    ("admin", "Action d'un administrateur"),
                    ("redirect", "Réorientation par une association"),
                ],
                max_length=24,
                verbose_name="déclencheur",
            ),
        ),
    ]
