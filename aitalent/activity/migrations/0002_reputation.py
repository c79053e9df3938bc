

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('activity', '0001_interaction_log'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Reputation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('category', models.CharField(max_length=20)),
                ('points', models.IntegerField(default=0)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reputations', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-points'],
                'indexes': [models.Index(fields=['category', '-points'], name='activity_rep_board')],
                'constraints': [models.UniqueConstraint(fields=('user', 'category'), name='activity_rep_category')],
            },
        ),
        migrations.CreateModel(
            name='ReputationEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('category', models.CharField(max_length=20)),
                ('reason', models.CharField(max_length=40)),
                ('points', models.IntegerField()),
                ('source', models.CharField(max_length=120)),
                ('is_capped', models.BooleanField(default=True)),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reputation_events', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at'],
                'indexes': [models.Index(fields=['user', '-created_at'], name='activity_rep_user_time')],
                'constraints': [models.UniqueConstraint(fields=('user', 'source'), name='activity_rep_once')],
            },
        ),
    ]
