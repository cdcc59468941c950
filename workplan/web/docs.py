"""``/api/docs``: Swagger UI from a pinned CDN version, with integrity hashes and a CSP.

The bundle and its stylesheet are pinned to one version of ``swagger-ui-dist`` and
carry Subresource Integrity hashes (SHA-384 of the files the npm package ships), so a
changed file on the CDN is refused by the browser; the starting script is ours, served
from ``/static``, so the page needs no inline script.
"""

from __future__ import annotations

from fastapi.responses import HTMLResponse

CDN = "https://cdn.jsdelivr.net"
BASE = f"{CDN}/npm/swagger-ui-dist@5.17.14"
JS_SRI = "sha384-wmyclcVGX/WhUkdkATwhaK1X1JtiNrr2EoYJ+diV3vj4v6OC5yCeSu+yW13SYJep"
CSS_SRI = "sha384-wxLW6kwyHktdDGr6Pv1zgm/VGJh99lfUbzSn6HNHBENZlCN7W602k9VkGdxuFvPn"
CSP = (
    f"default-src 'none'; script-src 'self' {CDN}; style-src 'self' 'unsafe-inline' {CDN}; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'none'; base-uri 'none'"
)

PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>workplan — API</title>
<link rel="stylesheet" href="{BASE}/swagger-ui.css" integrity="{CSS_SRI}" crossorigin="anonymous">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{BASE}/swagger-ui-bundle.js" integrity="{JS_SRI}" crossorigin="anonymous"></script>
<script src="/static/api-docs.js"></script>
</body>
</html>
"""


def api_docs() -> HTMLResponse:
    """The API's interactive documentation."""
    return HTMLResponse(PAGE, headers={"Content-Security-Policy": CSP})
