"""Nothing that waits (the database, Redis, Argon2, files, clamd, decoding a photo) runs on
the event loop. Each worker has one loop: a route that blocks it holds up every request on
that worker, even /healthz. Such routes are plain ``def`` (FastAPI runs them in its thread
pool), or hand the blocking part to ``run_in_threadpool``.

Two checks: one reads every route of the app and its dependencies, so a new ``async def``
that takes the database fails here before it ships; the other runs the evidence routes and
records, for every SQL statement, whether it was sent from the event loop's thread.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import re
import textwrap
from collections.abc import Iterator

import pytest
from fastapi import FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from sqlalchemy import event

from app.deps import DbDep, get_db, get_engine
from tests.app.check_helpers import LONE_PARENT, answer_all, post
from tests.app.check_helpers import csrf as check_csrf
from tests.app.test_better_off_pages import OFFER
from tests.app.test_claim_pages import csrf
from tests.app.test_evidence_pages import SECRET, begin, save_with_secret, send, upload
from tests.conftest import CheckedClient
from tests.services.evidence_support import document_photo

# Dependencies that hand a route something whose every use waits on I/O.
BLOCKING_DEPENDENCIES = {get_db, get_engine}
# Calls that block when made directly (not awaited) in a coroutine: the database session,
# password hashing, the data-at-rest Sealer, files, the virus scanner and photo checks.
BLOCKING_CALL = re.compile(
    r"(^|\.)(db|session|engine)\.|argon2|hasher|(^|\.)(hash|verify|secret_matches)$|sealer|Sealer|"
    r"^open$|(^|\.)(read_bytes|write_bytes|read_text|write_text)$|check_file|inspect_image|scan$|"
    r"store_for|(^|\.)unlink$|^time\.sleep$|(^|\.)(commit|execute|flush)$"
)
# Passing the database session (or its engine) to a helper means the helper uses it.
BLOCKING_ARGUMENTS = {"db", "session", "engine"}


def _dependants(dependant: Dependant) -> Iterator[Dependant]:
    stack = [dependant]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(current.dependencies)


def _is_coroutine(call: object) -> bool:
    return inspect.iscoroutinefunction(call) or inspect.iscoroutinefunction(getattr(call, "__call__", None))  # noqa: B004


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return _dotted(node.func)
    return ""


def blocking_calls(function: object) -> list[str]:
    """Calls in ``function``'s own body that would block the loop (awaited calls are fine)."""
    function = function if inspect.isfunction(function) else function.__call__  # type: ignore[attr-defined]
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    awaited = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Await)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or id(node) in awaited:
            continue
        name = _dotted(node.func)
        passed = {a.id for a in [*node.args, *(k.value for k in node.keywords)] if isinstance(a, ast.Name)}
        if BLOCKING_CALL.search(name) or passed & BLOCKING_ARGUMENTS:
            found.append(f"{name}() at line {node.lineno}")
    return found


def api_routes(routes: list) -> Iterator[APIRoute]:
    """Every APIRoute, including those of included routers (which FastAPI may hold unflattened)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif (included := getattr(route, "original_router", None)) is not None:
            yield from api_routes(included.routes)
        elif isinstance(getattr(route, "routes", None), list):
            yield from api_routes(route.routes)


def blocking_async_callables(app) -> list[str]:  # noqa: ANN001
    problems = []
    for route in api_routes(app.routes):
        for dependant in _dependants(route.dependant):
            if dependant.call is None or not _is_coroutine(dependant.call):
                continue
            where = f"{route.name} ({getattr(dependant.call, '__qualname__', dependant.call)})"
            for sub in dependant.dependencies:
                if sub.call in BLOCKING_DEPENDENCIES:
                    problems.append(f"{where} is async but depends on {sub.call.__name__}")
            problems += [f"{where} is async but calls {call}" for call in blocking_calls(dependant.call)]
    return problems


def test_no_async_route_or_dependency_takes_the_database_or_calls_blocking_code(portal) -> None:  # noqa: ANN001
    assert len(list(api_routes(portal.routes))) > 50  # the walk reaches every router's routes
    assert blocking_async_callables(portal) == []


def test_no_middleware_or_error_handler_calls_blocking_code_on_the_loop(portal) -> None:  # noqa: ANN001
    handlers = [m.cls.__call__ for m in portal.user_middleware] + list(portal.exception_handlers.values())
    problems = {getattr(h, "__qualname__", str(h)): blocking_calls(h) for h in handlers if _is_coroutine(h)}
    assert len(problems) >= 5
    assert {name: calls for name, calls in problems.items() if calls} == {}


def test_the_check_itself_spots_an_async_route_that_uses_the_database() -> None:
    app = FastAPI()

    @app.post("/blocking")
    async def blocking(request: Request, db: DbDep) -> None:
        form = await request.form()
        db.commit()
        return form

    problems = blocking_async_callables(app)
    assert any("depends on get_db" in p for p in problems)
    assert any("db.commit()" in p for p in problems)


# ------------------------------------------------------------------ the behaviour


@pytest.fixture
def statements_on_the_loop(portal) -> Iterator[list[str]]:  # noqa: ANN001
    """Every SQL statement sent while an event loop was running in the sending thread."""
    on_loop: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001, ARG001
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return
        on_loop.append(statement.split()[0])

    engine = portal.state.engine
    event.listen(engine, "before_cursor_execute", note)
    yield on_loop
    event.remove(engine, "before_cursor_execute", note)


def test_evidence_pages_use_the_database_off_the_event_loop(client, portal, statements_on_the_loop) -> None:  # noqa: ANN001
    begin(client, portal)
    assert client.get("/claim/evidence").status_code == 200
    uploaded = upload(client, "payslip.jpg", document_photo(700, 900))
    assert uploaded.url.path == "/claim/evidence/uploaded"
    page = client.get("/claim/evidence")
    remove = re.search(r'action="(/claim/evidence/[^"]+/remove)"', page.text)
    assert remove is not None
    assert client.post(remove.group(1), data={"csrf_token": csrf(page.text)}).status_code == 200
    assert statements_on_the_loop == []


def test_evidence_sign_in_checks_the_secret_off_the_event_loop(client, portal, titles, statements_on_the_loop) -> None:  # noqa: ANN001
    reference = begin(client, portal)
    save_with_secret(portal, reference)
    send(portal, reference)
    with CheckedClient(portal, titles=titles, base_url="http://testserver") as later:
        token = csrf(later.get("/claim/evidence").text)
        wrong = later.post("/claim/evidence", data={"csrf_token": token, "reference": reference, "secret": "a guess"})
        assert wrong.status_code == 422
        right = later.post("/claim/evidence", data={"csrf_token": token, "reference": reference, "secret": SECRET})
        assert right.url.path == "/claim/evidence"
    assert statements_on_the_loop == []


def test_check_and_better_off_answers_are_saved_off_the_event_loop(client, statements_on_the_loop) -> None:  # noqa: ANN001
    answer_all(client, LONE_PARENT)
    token = check_csrf(client)
    assert post(client, "/better-off/job", OFFER, token).url.path == "/better-off/result"
    assert post(client, "/better-off/result", {"hours": "30", "wage": "12.71"}, token).url.path == "/better-off/result"
    assert statements_on_the_loop == []
