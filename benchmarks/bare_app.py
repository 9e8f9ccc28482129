"""A bare FastAPI app that returns fixed bytes: the yardstick for benchmarks/web.py.

The bytes come from the file named by BARE_BODY_FILE (the portal's own start page,
captured at the start of the run), so both servers send exactly the same response body.
"""

import os
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import Response

BODY = Path(os.environ["BARE_BODY_FILE"]).read_bytes()

app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)


@app.get("/")
async def start_page() -> Response:
    return Response(BODY, media_type="text/html; charset=utf-8")
