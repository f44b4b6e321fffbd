"""``negsim serve``: a local seminar page in the browser.

:func:`sim.web.app.create_app` builds a Starlette application: one static page (``static/``,
shipped in the package, no CDN) and a JSON API that goes through :mod:`sim.contract` for every
kind.  ``negsim serve`` runs it with uvicorn.
"""
