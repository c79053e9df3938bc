

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("core", "0001_extensions"),  # pg_trgm for the title index
    ]

    operations = [
        migrations.CreateModel(
            name='Document',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('doc_type', models.CharField(max_length=30)),
                ('object_id', models.BigIntegerField()),
                ('title', models.CharField(max_length=300)),
                ('summary', models.CharField(blank=True, max_length=500)),
                ('url', models.CharField(max_length=500)),
                ('language', models.CharField(blank=True, max_length=10)),
                ('topics', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=60), blank=True, default=list, size=None)),
                ('visibility', models.CharField(choices=[('public', 'public'), ('members', 'members')], default='public', max_length=10)),
                ('text', models.TextField(blank=True)),
                ('tsv', django.contrib.postgres.search.SearchVectorField(null=True)),
                ('weight', models.FloatField(default=0.0)),
                ('created_at', models.DateTimeField()),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'ordering': ['-created_at'],
                'indexes': [django.contrib.postgres.indexes.GinIndex(fields=['tsv'], name='search_doc_tsv'), django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Lower('title'), name='gin_trgm_ops'), name='search_doc_title_trgm'), django.contrib.postgres.indexes.GinIndex(fields=['topics'], name='search_doc_topics'), models.Index(fields=['doc_type', '-created_at'], name='search_doc_type_time')],
                'constraints': [models.UniqueConstraint(fields=('doc_type', 'object_id'), name='search_doc_once')],
            },
        ),
    ]
