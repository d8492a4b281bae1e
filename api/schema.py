"""The schema describes the errors too: 400 for a bad query parameter, 404 for an unknown
object, 429 when an address sent too many requests, each an :class:`ErrorSerializer`."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as BaseAutoSchema

from api.errors import ErrorSerializer


class AutoSchema(BaseAutoSchema):
    def get_response_serializers(self):
        base = super().get_response_serializers()
        responses = {"200": base, "429": ErrorSerializer}
        if self._is_list_view(base):
            responses["400"] = ErrorSerializer
        else:
            responses["404"] = ErrorSerializer
        return responses
