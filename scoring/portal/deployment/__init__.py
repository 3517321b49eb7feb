"""``dvk deploy``: the files an IT officer installs to run the portal on a server, with the recipe.

For Linux: a systemd unit running ``dvk serve`` (waitress) on loopback with its environment file
(a generated secret key, the allowed host, the proxy on loopback as the only trusted one, the public
URL, the database), Caddy and nginx in front with HTTPS, a nightly backup (a systemd timer and
service running ``dvk workspace backup --giu N``) and ``HUONG-DAN.md``, the step-by-step recipe,
restore included.  For Windows: WinSW service definitions for ``dvk serve`` and Caddy, a Caddyfile,
a PowerShell backup script with the scheduled task that runs it, and the recipe.  The templates are
in ``mau/`` (:mod:`~scoring.portal.deployment.render`); the values are checked first
(:mod:`~scoring.portal.deployment.plan`).
"""

from scoring.portal.deployment.plan import TARGETS, Plan, make_plan
from scoring.portal.deployment.render import previous_key, write_deployment

__all__ = ["TARGETS", "Plan", "make_plan", "previous_key", "write_deployment"]
