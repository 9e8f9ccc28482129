"""Liveness and readiness, for load balancers and orchestrators."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from app.db import database_reachable
from app.deps import EngineDep

router = APIRouter(include_in_schema=False)


@router.get("/healthz")
def healthz() -> JSONResponse:
    return JSONResponse({"status": "alive"}, headers={"cache-control": "no-store"})


@router.get("/readyz")
def readyz(engine: EngineDep) -> JSONResponse:
    if database_reachable(engine):
        return JSONResponse({"status": "ready", "database": "reachable"}, headers={"cache-control": "no-store"})
    return JSONResponse(
        {"status": "not ready", "database": "unreachable"}, status_code=503, headers={"cache-control": "no-store"}
    )
