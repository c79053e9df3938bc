

import aitalent.people.validators
import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_load_topics'),
        ('people', '0001_profiles_and_skills'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Block',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='Connection',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='ConnectionRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('note', models.CharField(blank=True, max_length=300, verbose_name='note')),
                ('status', models.CharField(choices=[('pending', 'Pending'), ('accepted', 'Accepted'), ('declined', 'Declined'), ('withdrawn', 'Withdrawn')], default='pending', max_length=12)),
                ('responded_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='Endorsement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('context', models.CharField(blank=True, max_length=200, verbose_name='context')),
                ('is_hidden', models.BooleanField(default=False)),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='Follow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='Report',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('reason', models.CharField(choices=[('spam', 'Spam or scam'), ('harassment', 'Harassment or hate'), ('impersonation', 'Impersonation or fake profile'), ('other', 'Something else')], max_length=20, verbose_name='reason')),
                ('detail', models.TextField(blank=True, max_length=2000, verbose_name='what happened')),
                ('status', models.CharField(choices=[('open', 'Open'), ('closed', 'Closed')], default='open', max_length=10)),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.AddField(
            model_name='profile',
            name='activity_visibility',
            field=models.CharField(choices=[('public', 'Everyone, including visitors'), ('members', 'Signed-in members'), ('connections', 'My connections'), ('private', 'Only me')], db_default='members', default='members', max_length=12, verbose_name='who can see my activity'),
        ),
        migrations.AddField(
            model_name='profile',
            name='allow_indexing',
            field=models.BooleanField(db_default=True, default=True, verbose_name='let search engines index my profile'),
        ),
        migrations.AddField(
            model_name='profile',
            name='avatar_path',
            field=models.CharField(blank=True, db_default='', max_length=120),
        ),
        migrations.AddField(
            model_name='profile',
            name='connections_visibility',
            field=models.CharField(choices=[('public', 'Everyone, including visitors'), ('members', 'Signed-in members'), ('connections', 'My connections'), ('private', 'Only me')], db_default='members', default='members', max_length=12, verbose_name='who can see my connections'),
        ),
        migrations.AddField(
            model_name='profile',
            name='email_visibility',
            field=models.CharField(choices=[('public', 'Everyone, including visitors'), ('members', 'Signed-in members'), ('connections', 'My connections'), ('private', 'Only me')], db_default='private', default='private', max_length=12, verbose_name='who can see my e-mail address'),
        ),
        migrations.AddField(
            model_name='profile',
            name='github',
            field=models.URLField(blank=True, db_default='', max_length=300, validators=[aitalent.people.validators.LinkValidator(['github.com', 'www.github.com'], '/[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/?', 'https://github.com/octocat')], verbose_name='GitHub'),
        ),
        migrations.AddField(
            model_name='profile',
            name='google_scholar',
            field=models.URLField(blank=True, db_default='', max_length=300, validators=[aitalent.people.validators.validate_google_scholar], verbose_name='Google Scholar'),
        ),
        migrations.AddField(
            model_name='profile',
            name='huggingface',
            field=models.URLField(blank=True, db_default='', max_length=300, validators=[aitalent.people.validators.LinkValidator(['huggingface.co', 'www.huggingface.co'], '/[A-Za-z0-9][A-Za-z0-9._-]{0,95}/?', 'https://huggingface.co/your-name')], verbose_name='Hugging Face'),
        ),
        migrations.AddField(
            model_name='profile',
            name='in_directory',
            field=models.BooleanField(db_default=True, default=True, verbose_name='list me in the member directory and search'),
        ),
        migrations.AddField(
            model_name='profile',
            name='in_suggestions',
            field=models.BooleanField(db_default=True, default=True, verbose_name='suggest me to others (people you may know)'),
        ),
        migrations.AddField(
            model_name='profile',
            name='is_looking_for_team',
            field=models.BooleanField(db_default=False, default=False, verbose_name='looking for a team'),
        ),
        migrations.AddField(
            model_name='profile',
            name='is_open_to_work',
            field=models.BooleanField(db_default=False, default=False, verbose_name='open to work'),
        ),
        migrations.AddField(
            model_name='profile',
            name='languages',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=8), blank=True, default=list, size=12, validators=[aitalent.people.validators.validate_languages], verbose_name='languages I speak'),
        ),
        migrations.AddField(
            model_name='profile',
            name='last_active_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='profile',
            name='linkedin',
            field=models.URLField(blank=True, db_default='', max_length=300, validators=[aitalent.people.validators.LinkValidator(['linkedin.com', 'www.linkedin.com'], '/in/[A-Za-z0-9%_-]{3,100}/?', 'https://www.linkedin.com/in/your-name')], verbose_name='LinkedIn'),
        ),
        migrations.AddField(
            model_name='profile',
            name='links_visibility',
            field=models.CharField(choices=[('public', 'Everyone, including visitors'), ('members', 'Signed-in members'), ('connections', 'My connections'), ('private', 'Only me')], db_default='public', default='public', max_length=12, verbose_name='who can see my links'),
        ),
        migrations.AddField(
            model_name='profile',
            name='location_visibility',
            field=models.CharField(choices=[('public', 'Everyone, including visitors'), ('members', 'Signed-in members'), ('connections', 'My connections'), ('private', 'Only me')], db_default='public', default='public', max_length=12, verbose_name='who can see my location'),
        ),
        migrations.AddField(
            model_name='profile',
            name='message_policy',
            field=models.CharField(choices=[('connections', 'My connections only'), ('trusted', 'Members with trust (joined a week ago, have a connection)'), ('anyone', 'Any member')], db_default='trusted', default='trusted', max_length=12, verbose_name='who may message me'),
        ),
        migrations.AddField(
            model_name='profile',
            name='orcid',
            field=models.CharField(blank=True, db_default='', max_length=19, validators=[aitalent.people.validators.validate_orcid], verbose_name='ORCID'),
        ),
        migrations.AddField(
            model_name='profile',
            name='organisation_visibility',
            field=models.CharField(choices=[('public', 'Everyone, including visitors'), ('members', 'Signed-in members'), ('connections', 'My connections'), ('private', 'Only me')], db_default='public', default='public', max_length=12, verbose_name='who can see my organisation and role'),
        ),
        migrations.AddField(
            model_name='profile',
            name='role',
            field=models.CharField(blank=True, db_default='', max_length=120, verbose_name='role'),
        ),
        migrations.AddField(
            model_name='profile',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='profile',
            name='utc_offset_minutes',
            field=models.SmallIntegerField(db_default=0, default=0),
        ),
        migrations.AddField(
            model_name='profile',
            name='website',
            field=models.URLField(blank=True, db_default='', max_length=300, verbose_name='website'),
        ),
        migrations.AddField(
            model_name='profile',
            name='weekly_hours',
            field=models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MaxValueValidator(80)], verbose_name='weekly availability (hours)'),
        ),
        migrations.AddField(
            model_name='profileskill',
            name='evidence_score',
            field=models.FloatField(db_default=0.0, default=0.0),
        ),
        migrations.AddField(
            model_name='profileskill',
            name='evidenced_level',
            field=models.PositiveSmallIntegerField(db_default=0, default=0),
        ),
        migrations.AddField(
            model_name='profileskill',
            name='how_used',
            field=models.CharField(blank=True, db_default='', max_length=280, verbose_name='how I used it'),
        ),
        migrations.AddField(
            model_name='profileskill',
            name='years',
            field=models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MaxValueValidator(60)], verbose_name='years of experience'),
        ),
        migrations.AlterField(
            model_name='profile',
            name='country',
            field=models.CharField(blank=True, db_index=True, max_length=2, validators=[aitalent.people.validators.validate_country], verbose_name='country'),
        ),
        migrations.AlterField(
            model_name='profile',
            name='is_open_to_collaboration',
            field=models.BooleanField(default=True, verbose_name='looking for collaborators'),
        ),
        migrations.AddIndex(
            model_name='profile',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='people_profile_search'),
        ),
        migrations.AddIndex(
            model_name='profile',
            index=django.contrib.postgres.indexes.GinIndex(fields=['languages'], name='people_profile_languages'),
        ),
        migrations.AddIndex(
            model_name='profile',
            index=models.Index(fields=['utc_offset_minutes'], name='people_profile_utc_offset'),
        ),
        migrations.AddIndex(
            model_name='profile',
            index=models.Index(models.OrderBy(models.F('last_active_at'), descending=True, nulls_last=True), name='people_profile_active'),
        ),
        migrations.AddIndex(
            model_name='profileskill',
            index=models.Index(fields=['topic', 'evidenced_level'], name='people_skill_topic_evidence'),
        ),
        migrations.AddField(
            model_name='block',
            name='blocked',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='blocked_by', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='block',
            name='blocker',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='blocks', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='connection',
            name='other',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='connection',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='connections', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='connectionrequest',
            name='from_user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='connection_requests_sent', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='connectionrequest',
            name='to_user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='connection_requests_received', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='endorsement',
            name='endorser',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='endorsements_given', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='endorsement',
            name='skill',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='endorsements', to='people.profileskill'),
        ),
        migrations.AddField(
            model_name='follow',
            name='followee',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='followers', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='follow',
            name='follower',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follows', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='follow',
            name='topic',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='followers', to='core.topic'),
        ),
        migrations.AddField(
            model_name='report',
            name='reported',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports_received', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='report',
            name='reporter',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reports_made', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddIndex(
            model_name='block',
            index=models.Index(fields=['blocked', 'blocker'], name='people_block_reverse'),
        ),
        migrations.AddConstraint(
            model_name='block',
            constraint=models.UniqueConstraint(fields=('blocker', 'blocked'), name='people_block_once'),
        ),
        migrations.AddConstraint(
            model_name='block',
            constraint=models.CheckConstraint(condition=models.Q(('blocker', models.F('blocked')), _negated=True), name='people_block_not_self'),
        ),
        migrations.AddIndex(
            model_name='connection',
            index=models.Index(fields=['other', 'user'], name='people_connection_reverse'),
        ),
        migrations.AddConstraint(
            model_name='connection',
            constraint=models.UniqueConstraint(fields=('user', 'other'), name='people_connection_once'),
        ),
        migrations.AddConstraint(
            model_name='connection',
            constraint=models.CheckConstraint(condition=models.Q(('user', models.F('other')), _negated=True), name='people_connection_not_self'),
        ),
        migrations.AddIndex(
            model_name='connectionrequest',
            index=models.Index(fields=['to_user', 'status'], name='people_request_inbox'),
        ),
        migrations.AddConstraint(
            model_name='connectionrequest',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('from_user', 'to_user'), name='people_one_pending_request'),
        ),
        migrations.AddConstraint(
            model_name='connectionrequest',
            constraint=models.CheckConstraint(condition=models.Q(('from_user', models.F('to_user')), _negated=True), name='people_request_not_self'),
        ),
        migrations.AddConstraint(
            model_name='endorsement',
            constraint=models.UniqueConstraint(fields=('endorser', 'skill'), name='people_endorse_once'),
        ),
        migrations.AddConstraint(
            model_name='follow',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('followee__isnull', False), ('topic__isnull', True)), models.Q(('followee__isnull', True), ('topic__isnull', False)), _connector='OR'), name='people_follow_one_target'),
        ),
        migrations.AddConstraint(
            model_name='follow',
            constraint=models.UniqueConstraint(condition=models.Q(('followee__isnull', False)), fields=('follower', 'followee'), name='people_follow_member_once'),
        ),
        migrations.AddConstraint(
            model_name='follow',
            constraint=models.UniqueConstraint(condition=models.Q(('topic__isnull', False)), fields=('follower', 'topic'), name='people_follow_topic_once'),
        ),
        migrations.AddConstraint(
            model_name='follow',
            constraint=models.CheckConstraint(condition=models.Q(('follower', models.F('followee')), _negated=True), name='people_follow_not_self'),
        ),
    ]
