"""Small ASGI middlewares: each wraps the app and does one job."""
