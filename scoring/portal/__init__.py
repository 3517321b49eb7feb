"""The web portal (``dvk serve``): units upload or fill their self-assessment and see their score;
appraisers, the office and leadership work on the round in a browser.

A Django app: views parse the request, call one library function, render findings.  Django is
imported only by ``dvk serve`` and the portal's tests, never by the scoring engine.
"""

from scoring.portal import codes  # noqa: F401  (registers the finding codes this package declares)
