"""WSGI entry point: gunicorn wsgi:app"""

from weltoffen import create_app

app = create_app()
