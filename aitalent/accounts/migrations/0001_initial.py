

import aitalent.accounts.models
import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.CreateModel(
            name='User',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('password', models.CharField(max_length=128, verbose_name='password')),
                ('last_login', models.DateTimeField(blank=True, null=True, verbose_name='last login')),
                ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                ('is_staff', models.BooleanField(default=False, help_text='Designates whether the user can log into this admin site.', verbose_name='staff status')),
                ('is_active', models.BooleanField(default=True, help_text='Designates whether this user should be treated as active. Unselect this instead of deleting accounts.', verbose_name='active')),
                ('date_joined', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date joined')),
                ('email', models.EmailField(max_length=254, unique=True, verbose_name='e-mail address')),
                ('handle', models.CharField(help_text='3–30 letters, digits, - or _. Used in your profile URL and for @mentions.', max_length=30, unique=True, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9][A-Za-z0-9_-]{2,29}$', 'Use 3–30 letters, digits, hyphens or underscores, starting with a letter or digit.', code='invalid_handle')], verbose_name='handle')),
                ('display_name', models.CharField(blank=True, max_length=80, verbose_name='display name')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('language', models.CharField(blank=True, max_length=10, verbose_name='language')),
                ('timezone', models.CharField(default='UTC', max_length=64, verbose_name='time zone')),
                ('groups', models.ManyToManyField(blank=True, help_text='The groups this user belongs to. A user will get all permissions granted to each of their groups.', related_name='user_set', related_query_name='user', to='auth.group', verbose_name='groups')),
                ('user_permissions', models.ManyToManyField(blank=True, help_text='Specific permissions for this user.', related_name='user_set', related_query_name='user', to='auth.permission', verbose_name='user permissions')),
            ],
            options={
                'ordering': ['handle'],
            },
            managers=[
                ('objects', aitalent.accounts.models.UserManager()),
            ],
        ),
        migrations.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('login', 'Logged in'), ('login_failed', 'Login failed'), ('logout', 'Logged out'), ('signup', 'Signed up'), ('password_changed', 'Password changed'), ('password_reset', 'Password reset'), ('email_changed', 'E-mail changed'), ('email_confirmed', 'E-mail confirmed'), ('mfa_added', 'Two-factor method added'), ('mfa_removed', 'Two-factor method removed'), ('mfa_reset', 'Recovery codes regenerated'), ('token_created', 'API token created'), ('token_revoked', 'API token revoked'), ('sessions_ended', 'Other sessions ended'), ('data_exported', 'Data exported'), ('account_deleted', 'Account deleted'), ('rate_limited', 'Rate limited')], max_length=32)),
                ('subject', models.CharField(blank=True, max_length=254)),
                ('ip_address', models.GenericIPAddressField(blank=True, null=True)),
                ('user_agent', models.CharField(blank=True, max_length=300)),
                ('detail', models.JSONField(blank=True, default=dict)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='audit_events', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('handle'), name='accounts_user_handle_ci_unique'),
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['actor', '-created_at'], name='accounts_audit_actor_time'),
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['kind', '-created_at'], name='accounts_audit_kind_time'),
        ),
    ]
