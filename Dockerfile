# syntax=docker/dockerfile:1
# Shelcaster bot: `shelcaster serve` (HTTP on 3000, or Socket Mode when SLACK_APP_TOKEN is set).

# Build wheels for the project and its runtime dependencies only (no sandbox or dev extras).
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY core ./core
COPY bot ./bot
RUN pip wheel --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN groupadd --system --gid 10001 shelcaster \
 && useradd --system --uid 10001 --gid shelcaster --no-create-home --shell /usr/sbin/nologin shelcaster
# Install from the build stage's wheels through a bind mount, so no wheel file stays in a layer.
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-index --find-links /wheels shelcaster
USER 10001:10001
EXPOSE 3000
# slim has no curl; urlopen raises on a non-2xx answer, which fails the check.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=4)"]
ENTRYPOINT ["shelcaster"]
CMD ["serve"]
