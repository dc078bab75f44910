"""The interactive API docs, Swagger UI and ReDoc, served whole by the app (drf-spectacular-sidecar's copies
in the static files): no request leaves the machine, and no inline script or style (the init script of
Swagger UI is its own URL, `?script`)."""
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

# ReDoc's bundle always asks its vendor's CDN for a footer logo; this policy keeps the browser from
# sending that request at all (the logo hides itself when it does not load).
OFFLINE_POLICY = "img-src 'self' data:; font-src 'self' data:; connect-src 'self'"


class SwaggerView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"


class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Content-Security-Policy"] = OFFLINE_POLICY
        return response
