"""OpenAPI schema generation (drf-spectacular), apart from core.api, which DRF imports early."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema


class AutoSchema(SpectacularAutoSchema):
    """Name schema components after their API class: MeApi.OutputSerializer -> MeApiOutput.

    Every API class nests serializers called InputSerializer / OutputSerializer (CONVENTIONS
    2.8); without this they would all collide as "Input" / "Output".
    """

    def _get_serializer_name(self, serializer: Any, direction: str, *args: Any) -> str:
        name = super()._get_serializer_name(serializer, direction, *args)
        cls = serializer.__class__
        outer = cls.__qualname__.split(".")[0] if "." in cls.__qualname__ else ""
        has_ref_name = getattr(getattr(cls, "Meta", None), "ref_name", None) is not None
        if outer and outer != cls.__name__ and not has_ref_name:
            return f"{outer}{name}"
        return name
