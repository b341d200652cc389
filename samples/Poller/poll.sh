#!/usr/bin/env bash
# Submits a job and follows it with curl alone. Usage: PLATFORM_API_KEY=pk_… ./poll.sh ['{"type":…,"input":{…}}']
set -euo pipefail
url=${PLATFORM_URL:-http://localhost:5080}
key=${PLATFORM_API_KEY:?set PLATFORM_API_KEY to an API key with the jobs:read and jobs:write scopes}
body=${1:-'{"type":"generation","input":{"prompt":"a red fox","steps":10}}'}

# The first top-level field of these names; good enough for the job's JSON, where input comes after them (jq does better).
field() { printf '%s' "$1" | grep -o "\"$2\":\"\\?[^\",}]*" | head -n 1 | sed -E "s/\"$2\":\"?//"; }

job=$(curl -fsS -X POST "$url/api/v1/jobs" -H "X-API-Key: $key" -H 'Content-Type: application/json' -d "$body")
id=$(field "$job" id)
echo "Submitted job $id"
while true; do
  status=$(field "$job" status)
  echo "$status $(field "$job" progress)%"
  case "$status" in
    succeeded) exit 0 ;;
    failed | cancelled) exit 1 ;;
  esac
  # Answers as soon as the job changes, or after 30 s unchanged.
  job=$(curl -fsS "$url/api/v1/jobs/$id?waitForChange=30s&afterVersion=$(field "$job" version)" -H "X-API-Key: $key")
done
