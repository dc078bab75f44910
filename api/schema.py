"""OpenAPI: every operation documents the contract's error body for the 4xx it can answer."""
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from api.serializers.base import ErrorSerializer

ERROR_DESCRIPTIONS = {
    "400": "Invalid input; `errors` names each field and the reason.",
    "401": "Not authenticated.",
    "403": "Authenticated, but the role needed is missing.",
    "404": "Not found, or not a member of its project.",
}


class ApiSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = ["401", "403", "404"]
        if self.method in ("POST", "PUT", "PATCH") or self.method == "GET" and self._is_list_view():
            codes.insert(0, "400")
        for code in codes:
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code]), code)
        return responses


# Settings for this API's schema on top of SPECTACULAR_SETTINGS (given to the schema view and to
# `manage.py spectacular --custom-settings api.schema.SCHEMA_SETTINGS`).
SCHEMA_SETTINGS = {
    "ENUM_NAME_OVERRIDES": {
        "DocumentStatusEnum": "annotator.models.DocumentStatus",
        "JobStatusEnum": "annotator.models.JobStatus",
        "AnnotationStatusEnum": "annotator.models.AnnotationStatus",
        "RoleEnum": "annotator.models.Role",
    },
}
