#!/usr/bin/env bash
# Serve the app as in production (gunicorn over HTTPS, DEBUG off, static files collected)
# on the database and Redis given by DATABASE_URL and REDIS_URL, for the load test. The
# certificate is a throw-away self-signed one: secure cookies need HTTPS.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG=False SECURE_SSL_REDIRECT=False ALLOWED_HOSTS=127.0.0.1,localhost
export SECRET_KEY="${SECRET_KEY:-load-test-only-secret-key-0123456789-abcdefghijklmnop}"
.venv/bin/python manage.py collectstatic --no-input -v0
cert=$(mktemp -d)
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
  -keyout "$cert/key.pem" -out "$cert/cert.pem" 2>/dev/null
# Workers, threads and keep-alive come from gunicorn.conf.py, as in production.
exec .venv/bin/gunicorn --bind 127.0.0.1:8443 \
  --certfile "$cert/cert.pem" --keyfile "$cert/key.pem" --log-level warning
