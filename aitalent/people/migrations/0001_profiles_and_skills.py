

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0002_topics'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Profile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('headline', models.CharField(blank=True, max_length=140, verbose_name='headline')),
                ('bio', models.TextField(blank=True, max_length=5000, verbose_name='about')),
                ('country', models.CharField(blank=True, db_index=True, max_length=2, verbose_name='country')),
                ('city', models.CharField(blank=True, max_length=80, verbose_name='city')),
                ('organisation', models.CharField(blank=True, max_length=120, verbose_name='organisation')),
                ('visibility', models.CharField(choices=[('public', 'Everyone, including visitors'), ('members', 'Signed-in members'), ('connections', 'My connections'), ('private', 'Only me')], default='public', max_length=12, verbose_name='who can see my profile')),
                ('is_open_to_mentoring', models.BooleanField(default=False, verbose_name='open to mentoring others')),
                ('is_open_to_collaboration', models.BooleanField(default=True, verbose_name='open to collaboration')),
                ('is_looking_for_mentor', models.BooleanField(default=False, verbose_name='looking for a mentor')),
                ('domains', models.ManyToManyField(blank=True, limit_choices_to={'kind': 'domain'}, related_name='profiles', to='core.topic')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='profile', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='ProfileSkill',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.PositiveSmallIntegerField(choices=[(1, 'Beginner'), (2, 'Elementary'), (3, 'Intermediate'), (4, 'Advanced'), (5, 'Expert')], default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)])),
                ('profile', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='skills', to='people.profile')),
                ('topic', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='profile_skills', to='core.topic')),
            ],
            options={
                'ordering': ['-level', 'topic__name_en'],
                'indexes': [models.Index(fields=['topic', 'level'], name='people_skill_topic_level')],
                'constraints': [models.UniqueConstraint(fields=('profile', 'topic'), name='people_skill_once'), models.CheckConstraint(condition=models.Q(('level__gte', 1), ('level__lte', 5)), name='people_skill_level_range')],
            },
        ),
    ]
