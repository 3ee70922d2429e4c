"""The web UI: ``storyline serve --db FILE`` (``app.create_app`` for ASGI servers)."""
