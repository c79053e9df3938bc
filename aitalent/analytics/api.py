"""Staff-only metrics API: GET /api/v1/analytics/<metric>/?from=&to=&interval=&domain=."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from aitalent.analytics import forms, metrics, selectors


class MetricOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    label = serializers.CharField()
    help = serializers.CharField()
    good_direction = serializers.ChoiceField(choices=["up", "down"])
    unit = serializers.CharField()


class PointSerializer(serializers.Serializer):
    period = serializers.DateField()
    value = serializers.FloatField(allow_null=True)
    suppressed = serializers.BooleanField()


def _describe(metric: metrics.Metric) -> dict[str, Any]:
    return {
        "slug": metric.slug,
        "label": str(metric.label),
        "help": str(metric.help),
        "good_direction": metric.good,
        "unit": metric.unit,
    }


class MetricListApi(APIView):
    permission_classes = [IsAdminUser]

    @extend_schema(responses={200: MetricOutputSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return Response([_describe(m) for m in metrics.METRICS.values()])


class MetricSeriesApi(APIView):
    """One metric as a time series; values for groups of 1-4 members are null, suppressed=true."""

    permission_classes = [IsAdminUser]

    class OutputSerializer(serializers.Serializer):
        metric = MetricOutputSerializer()
        interval = serializers.CharField()
        date_from = serializers.DateField(source="from")
        date_to = serializers.DateField(source="to")
        domain = serializers.CharField(allow_blank=True)
        topic = serializers.CharField(allow_blank=True)
        k_anonymity = serializers.IntegerField()
        points = PointSerializer(many=True)

    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, description="YYYY-MM-DD (default: 180 days ago)"),
            OpenApiParameter("to", str, description="YYYY-MM-DD (default: today)"),
            OpenApiParameter("interval", str, enum=["day", "week", "month"]),
            OpenApiParameter("domain", str, description="members' domain (a domain topic slug)"),
            OpenApiParameter("topic", str, description="thread topic slug (question metrics)"),
        ],
        responses={200: OutputSerializer},
    )
    def get(self, request: Request, metric: str) -> Response:
        spec = metrics.METRICS.get(metric)
        if spec is None:
            raise Http404
        form = forms.RangeForm(request.query_params)
        if not form.is_valid():
            errors = {("from" if k == "from_" else k): v for k, v in form.errors.items()}
            raise serializers.ValidationError(errors)
        rng = form.to_range()
        if rng.dimension and selectors.dimension_for(metric, rng.dimension) != rng.dimension:
            kind = rng.dimension.split(":", 1)[0]
            raise serializers.ValidationError(
                {kind: [f"{metric} is not computed per {kind}: leave {kind} empty."]}
            )
        points = selectors.series(metric=metric, rng=rng)
        return Response(
            {
                "metric": _describe(spec),
                "interval": rng.interval,
                "from": rng.date_from.isoformat(),
                "to": rng.date_to.isoformat(),
                "domain": rng.dimension.removeprefix("domain:")
                if rng.dimension.startswith("domain:")
                else "",
                "topic": rng.dimension.removeprefix("topic:")
                if rng.dimension.startswith("topic:")
                else "",
                "k_anonymity": selectors.K_ANONYMITY,
                "points": [
                    {
                        "period": p["period"].isoformat(),
                        "value": p["value"],
                        "suppressed": p["suppressed"],
                    }
                    for p in points
                ],
            }
        )
