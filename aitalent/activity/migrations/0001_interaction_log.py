

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Interaction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('verb', models.CharField(max_length=40)),
                ('target_type', models.CharField(max_length=40)),
                ('target_id', models.BigIntegerField()),
                ('weight', models.FloatField(default=1.0)),
                ('created_at', models.DateTimeField(db_index=True)),
                ('actor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='interactions', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at'],
                'indexes': [models.Index(fields=['actor', '-created_at'], name='activity_by_actor_time'), models.Index(fields=['target_type', 'target_id', '-created_at'], name='activity_by_target'), models.Index(fields=['verb', '-created_at'], name='activity_by_verb_time')],
            },
        ),
    ]
