"""Summary tables: filled by the nightly jobs (analytics.aggregation), read by pages and the API.

Every row carries `members`, the size of the member group behind the number, so that readers can
suppress groups smaller than K_ANONYMITY (see selectors.suppress). No row names a member except
NetworkSnapshot's action lists, which only staff see and which skip members who opted out.
"""

from __future__ import annotations

from django.db import models

K_ANONYMITY = 5  # no chart, table, CSV or API value reveals a group of 1–4 members


class MetricValue(models.Model):
    """One value of one metric for one period (day, week or month) and one slice."""

    class Grain(models.TextChoices):
        DAY = "day", "day"
        WEEK = "week", "week"
        MONTH = "month", "month"

    metric = models.CharField(max_length=40)
    grain = models.CharField(max_length=5, choices=Grain)
    # "" = everyone; "domain:<slug>" = members of a domain; "module:<app>" = funnels per app.
    dimension = models.CharField(max_length=80, default="", blank=True)
    period_start = models.DateField()
    value = models.FloatField(null=True)
    members = models.IntegerField(default=0)  # the group the value describes (k-anonymity)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["metric", "grain", "dimension", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "grain", "dimension", "period_start"], name="analytics_value_once"
            ),
        ]
        indexes = [
            models.Index(
                fields=["grain", "dimension", "period_start"], name="analytics_value_slice"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.metric}/{self.grain}/{self.dimension or '*'} {self.period_start}: {self.value}"
        )


class Cohort(models.Model):
    """Members who joined in `month`, and how many were active 1, 3 and 6 months later."""

    month = models.DateField(unique=True)
    size = models.IntegerField()
    m1 = models.IntegerField(null=True)  # null: that month has not ended yet
    m3 = models.IntegerField(null=True)
    m6 = models.IntegerField(null=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["month"]

    def __str__(self) -> str:
        return f"Cohort {self.month:%Y-%m}: {self.size}"


class SkillBalance(models.Model):
    """Skill supply (members listing the skill) against demand (open roles, competition topics)."""

    topic = models.OneToOneField(
        "core.Topic", on_delete=models.CASCADE, related_name="analytics_balance"
    )
    supply = models.IntegerField(default=0)
    demand_roles = models.IntegerField(default=0)
    demand_competitions = models.IntegerField(default=0)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-supply"]

    def __str__(self) -> str:
        return f"{self.topic_id}: {self.supply} / {self.demand}"

    @property
    def demand(self) -> int:
        return self.demand_roles + self.demand_competitions


class KnowledgeFlow(models.Model):
    """Answers by members of one domain to questions of members of another (trailing year)."""

    month = models.DateField()
    from_domain = models.CharField(max_length=60)  # the answerer's domain slug ("" = none)
    to_domain = models.CharField(max_length=60)  # the asker's domain slug
    answers = models.IntegerField(default=0)
    members = models.IntegerField(default=0)  # distinct answerers and askers in the cell
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["month", "from_domain", "to_domain"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "from_domain", "to_domain"], name="analytics_flow_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.from_domain} → {self.to_domain}: {self.answers}"


class NetworkSnapshot(models.Model):
    """The people graph's shape at one moment, plus the staff action lists (user ids only)."""

    computed_at = models.DateTimeField(db_index=True)
    stats = models.JSONField(default=dict)  # nodes, edges, components, clustering, communities ...
    connectors = models.JSONField(default=list)  # [{"user_id", "score"}], best first
    bridges = models.JSONField(default=list)  # [{"user_id", "domains", "cross_edges"}]
    domain_links = models.JSONField(default=list)  # [{"a", "b", "edges", "members"}]
    newcomers = models.JSONField(default=list)  # [{"user_id"}] isolated newcomers
    seconds = models.FloatField(default=0.0)

    class Meta:
        ordering = ["-computed_at"]

    def __str__(self) -> str:
        return f"Network at {self.computed_at:%Y-%m-%d %H:%M}"


class AggregationRun(models.Model):
    """A log of aggregation runs: what range, how long (the benchmark reads it too)."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)
    date_from = models.DateField()
    date_to = models.DateField()
    seconds = models.FloatField(default=0.0)
    timings = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Aggregation {self.date_from}..{self.date_to} ({self.seconds:.1f}s)"
