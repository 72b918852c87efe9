"""The WSGI entry point: `gunicorn wsgi:app`."""
from crm import create_app

app = create_app()
