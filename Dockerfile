# Production image: assets and geographic data (npm) built in a first stage, then a slim Python runtime served by gunicorn.
FROM node:20-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error
COPY scripts/build-assets.js scripts/
# The icon sprite holds the icons the templates name: the build reads them.
COPY templates templates/
RUN npm run build

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=mentoring.settings.prod
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY --from=assets /app/static/vendor static/vendor
COPY --from=assets /app/associations/data associations/data
RUN python scripts/compile_translations.py \
    && SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && useradd --create-home mentoring && chown -R mentoring /app
USER mentoring
EXPOSE 8000
CMD ["gunicorn", "mentoring.wsgi:application", "--config", "python:mentoring.gunicorn_conf", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
