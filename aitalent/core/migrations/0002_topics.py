

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0001_extensions'),
    ]

    operations = [
        migrations.CreateModel(
            name='Topic',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=60, unique=True)),
                ('kind', models.CharField(choices=[('skill', 'Skill'), ('domain', 'Domain')], db_index=True, default='skill', max_length=12)),
                ('depth', models.PositiveSmallIntegerField(default=0)),
                ('name_en', models.CharField(max_length=120)),
                ('name_zh', models.CharField(max_length=120)),
                ('description_en', models.TextField(blank=True)),
                ('description_zh', models.TextField(blank=True)),
                ('aliases', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=60), blank=True, default=list, size=None)),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='children', to='core.topic')),
                ('prerequisites', models.ManyToManyField(blank=True, related_name='unlocks', to='core.topic')),
            ],
            options={
                'ordering': ['kind', 'depth', 'name_en'],
                'indexes': [django.contrib.postgres.indexes.GinIndex(fields=['aliases'], name='core_topic_aliases_gin')],
            },
        ),
    ]
