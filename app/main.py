"""Builds the portal: settings, council profile, database, templates, middleware and routes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from app.council import load_profile
from app.db import make_engine, make_sessionmaker, upgrade_to_head
from app.errors import TEMPLATES as ERROR_TEMPLATES
from app.errors import error_response, is_api
from app.middleware.body_limit import BodyLimitMiddleware
from app.middleware.errors_and_logging import ErrorsAndLoggingMiddleware, configure_logging
from app.middleware.kiosk import KioskMiddleware
from app.middleware.language import LanguageMiddleware
from app.middleware.security_headers import SecurityHeadersMiddleware
from app.middleware.session_csrf import SessionCsrfMiddleware
from app.routes import branding, health, pages
from app.routes.api import router as api_router
from app.routes import check as check_routes
from app.routes import better_off as better_off_routes
from app.routes.claim import router as claim_router
from app.routes import staff as staff_routes
from app.routes import session as session_routes
from app.routes import evidence as evidence_routes
from app.routes import kiosk as kiosk_routes
from app.settings import PROJECT_ROOT, Settings
from app.templating import Templates


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_level)
    council = load_profile(settings.council_profile)
    engine = make_engine(settings.resolved_database_url)
    templates = Templates(council)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if settings.migrate_on_start:
            upgrade_to_head(settings.resolved_database_url)
        yield
        engine.dispose()

    app = FastAPI(
        title=f"{council.name} benefits portal",
        summary="Benefits calculator, better-off-in-work and claims for council residents.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.council = council
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    app.state.templates = templates

    # Added innermost first: a request passes security headers, language,
    # error handling and logging, the body limit, the kiosk, then the session and CSRF check.
    app.add_middleware(SessionCsrfMiddleware, templates=templates, secret_key=settings.resolved_secret_key)
    # Outside the session: which enrolled kiosk (if any) this is, for the session and everything after it.
    app.add_middleware(KioskMiddleware, secret_key=settings.resolved_secret_key, public_url=settings.public_url)
    app.add_middleware(
        BodyLimitMiddleware, templates=templates, max_bytes=settings.max_body_bytes,
        larger_limits=evidence_routes.body_limits(settings),
    )
    app.add_middleware(ErrorsAndLoggingMiddleware, templates=templates)
    app.add_middleware(LanguageMiddleware, offered=list(council.languages))
    app.add_middleware(SecurityHeadersMiddleware)

    @app.exception_handler(StarletteHTTPException)
    async def styled_http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if is_api(request.scope) or exc.status_code not in ERROR_TEMPLATES:
            return await http_exception_handler(request, exc)
        return error_response(templates, request.scope, exc.status_code)

    app.mount("/static", StaticFiles(directory=PROJECT_ROOT / "static"), name="static")
    app.include_router(pages.router)
    app.include_router(health.router)
    app.include_router(branding.router)
    app.include_router(api_router)
    app.include_router(check_routes.router)
    app.include_router(better_off_routes.router)
    app.include_router(claim_router)
    app.include_router(evidence_routes.router)
    app.include_router(staff_routes.router)
    app.include_router(session_routes.router)
    app.include_router(kiosk_routes.router)
    return app


app = create_app()
