# Production image of the council benefits portal.
#   docker build -t council-benefits-portal .
#   docker run -p 8000:8000 -e SECRET_KEY=... -e DATA_ENCRYPTION_KEYS=... -e DATABASE_URL=postgresql+psycopg://... council-benefits-portal
# See compose.yaml for PostgreSQL and Redis beside it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    ENVIRONMENT=production \
    DATA_DIR=/var/lib/portal \
    MIGRATE_ON_START=false \
    WEB_CONCURRENCY=4

# Pango and HarfBuzz for the PDF summaries of submitted claims (WeasyPrint).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --uid 10001 portal \
 && mkdir -p /var/lib/portal && chown portal /var/lib/portal

WORKDIR /srv/portal
# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN mkdir app calculators forms && pip install . && pip uninstall -y council-benefits-portal
COPY alembic.ini ./
COPY migrations ./migrations
COPY app ./app
COPY calculators ./calculators
COPY forms ./forms
COPY templates ./templates
COPY static ./static
# Templates, static files and migrations are found beside app/, so install in place.
RUN pip install --no-deps -e . && python -c "import app.settings, calculators"

USER portal
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)" || exit 1

# Migrate once, then start several workers. Behind the council's TLS proxy, set
# FORWARDED_ALLOW_IPS to the proxy's address so cookies are marked Secure.
CMD ["sh", "-c", "alembic upgrade heads && exec uvicorn app.main:app --host 0.0.0.0 --port 8000 --workers \"$WEB_CONCURRENCY\" --proxy-headers --forwarded-allow-ips \"${FORWARDED_ALLOW_IPS:-127.0.0.1}\" --no-access-log"]
