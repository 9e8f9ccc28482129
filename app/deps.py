"""Typed dependencies for routes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from app.council import CouncilProfile
from app.settings import Settings
from app.templating import Templates


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_council(request: Request) -> CouncilProfile:
    return request.app.state.council


async def get_templates(request: Request) -> Templates:
    return request.app.state.templates


def get_engine(request: Request) -> Engine:
    return request.app.state.engine


def get_db(request: Request) -> Iterator[Session]:
    """A session for this request. The route (through its service) commits; anything left open rolls back."""
    with request.app.state.sessionmaker() as session:
        yield session


async def get_form(request: Request) -> AsyncIterator[FormData]:
    """The posted form, read on the event loop (reading waits on the client), so that the route
    itself can be a plain function run in the thread pool. Uploaded files are closed afterwards."""
    form = await request.form()
    try:
        yield form
    finally:
        await form.close()


SettingsDep = Annotated[Settings, Depends(get_settings)]
CouncilDep = Annotated[CouncilProfile, Depends(get_council)]
TemplatesDep = Annotated[Templates, Depends(get_templates)]
EngineDep = Annotated[Engine, Depends(get_engine)]
DbDep = Annotated[Session, Depends(get_db)]
FormDep = Annotated[FormData, Depends(get_form)]
