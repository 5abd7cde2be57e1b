#!/bin/sh
# Docker and compose secrets arrive as files under /run/secrets: a file named after an AISP_* setting
# (AISP_MASTER_KEY, AISP_OPERATOR_KEY, AISP_DATABASE_URL, ...) sets that variable, so that the value stays out of
# `docker inspect` and the compose file. Then the command replaces this shell (exec), so that tini's SIGTERM reaches
# node itself.
set -eu
for file in /run/secrets/AISP_*; do
  [ -f "$file" ] || continue
  name=$(basename "$file")
  value=$(cat "$file")
  export "$name=$value"
done
exec "$@"
