#!/usr/bin/env bash
# End-to-end test of the opencode skill and MCP server with the real opencode CLI (npm package opencode-ai) and a
# scripted local model. Needs Java 17+, Maven (only if target/dbagent.jar must be built), Node with npm, and ripgrep
# (opencode's skill tool runs rg). Network: only npm's registry, once, to install opencode into the cache; the
# opencode run itself is offline and fails if opencode tries to reach any other host.
#
#   bash e2e/opencode.sh
#
# Steps: install opencode-ai@$OPENCODE_VERSION into ~/.cache/dbagent-e2e/ (reused), build the jar, make a SQLite
# database, start e2e/fake-openai.mjs, write a project with opencode.json (provider -> fake server) and run
# `dbagent skill install` into it, run `opencode run` there, then check what the fake model server received.
# Prints "e2e: PASS …" and exits 0 on success; exits 1 when a check fails, 2 when a prerequisite is missing.
#
# Environment: DBAGENT_E2E_CACHE (default ~/.cache/dbagent-e2e), DBAGENT_E2E_TIMEOUT (seconds for opencode run,
# default 240), DBAGENT_E2E_KEEP=1 keeps the work directory ($TMPDIR/dbagent-e2e.*) after a passing run.
set -euo pipefail

OPENCODE_VERSION=1.18.33
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
e2e="$root/e2e"
cache="${DBAGENT_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dbagent-e2e}"
run_timeout="${DBAGENT_E2E_TIMEOUT:-240}"
started=$SECONDS

log() { echo "e2e: $*" >&2; }
need() { log "missing prerequisite: $*"; exit 2; }
fail() {
  log "FAIL: $*"
  if [ -n "${work:-}" ] && [ -d "$work" ]; then
    for f in fake-openai.log opencode.out opencode.log; do
      [ -s "$work/$f" ] || continue
      echo "----- $work/$f (last 40 lines)" >&2
      tail -n 40 "$work/$f" >&2
    done
    log "work directory kept for a look: $work"
  fi
  exit 1
}

command -v java >/dev/null 2>&1 || need "java (Java 17+) is not on PATH"
command -v node >/dev/null 2>&1 || need "node is not on PATH (install Node.js 18+ with npm)"
command -v npm >/dev/null 2>&1 || need "npm is not on PATH (install Node.js 18+ with npm)"
command -v rg >/dev/null 2>&1 || need "rg (ripgrep) is not on PATH: opencode's skill tool runs it (Debian/Ubuntu: apt-get install ripgrep)"
command -v timeout >/dev/null 2>&1 || need "timeout (coreutils) is not on PATH"

# --- 1. opencode, installed once per version into the cache --------------------------------------------------------
oc_dir="$cache/opencode-ai-$OPENCODE_VERSION"

# The opencode binary in an install directory that reports the pinned version; empty if none does. npm's bin shim is
# filled by the package's postinstall; when install scripts are disabled the platform package's binary is used.
find_opencode() {
  local dir=$1 candidate
  for candidate in "$dir/node_modules/.bin/opencode" "$dir"/node_modules/opencode-*/bin/opencode; do
    [ -x "$candidate" ] || continue
    if [ "$(timeout 60 "$candidate" --version 2>/dev/null | tail -n 1)" = "$OPENCODE_VERSION" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 0
}

opencode=""
[ -f "$oc_dir/.complete" ] && opencode="$(find_opencode "$oc_dir")"
if [ -z "$opencode" ]; then
  log "installing opencode-ai@$OPENCODE_VERSION into $oc_dir (once)"
  mkdir -p "$cache"
  tmp_install="$(mktemp -d "$cache/.install.XXXXXX")"
  echo '{"name": "dbagent-e2e-opencode", "private": true}' >"$tmp_install/package.json"
  if ! (cd "$tmp_install" && npm install --no-audit --no-fund --loglevel=error "opencode-ai@$OPENCODE_VERSION" >&2); then
    rm -rf "$tmp_install"
    need "npm install opencode-ai@$OPENCODE_VERSION failed (is the npm registry reachable?)"
  fi
  [ -n "$(find_opencode "$tmp_install")" ] || { rm -rf "$tmp_install"; fail "opencode-ai@$OPENCODE_VERSION installed but no binary reports that version"; }
  touch "$tmp_install/.complete"
  rm -rf "$oc_dir"
  mv "$tmp_install" "$oc_dir"
  opencode="$(find_opencode "$oc_dir")"
fi
log "opencode $OPENCODE_VERSION: $opencode"

# --- 2. dbagent jar and a database ---------------------------------------------------------------------------------
"$root/dbagent" --version >/dev/null || fail "could not build target/dbagent.jar (run: mvn -B package)"
jar="$root/target/dbagent.jar"
[ -f "$jar" ] || fail "$jar is missing after the build"

# Outside any git repository: opencode would otherwise take the enclosing repository as the project (loading its
# config and writing a project id into its .git).
work="$(mktemp -d "${TMPDIR:-/tmp}/dbagent-e2e.XXXXXX")"
if git -C "$work" rev-parse --git-dir >/dev/null 2>&1; then fail "$work is inside a git repository; set TMPDIR elsewhere"; fi
db="$work/db/aviary.db"
mkdir -p "$work/db"
if command -v sqlite3 >/dev/null 2>&1; then
  sqlite3 "$db" <<'SQL'
CREATE TABLE aviary_bird (id INTEGER PRIMARY KEY, species TEXT NOT NULL, ring_code TEXT UNIQUE);
CREATE TABLE aviary_feeding (id INTEGER PRIMARY KEY, bird_id INTEGER NOT NULL REFERENCES aviary_bird(id),
                             fed_at TEXT NOT NULL, grams REAL);
INSERT INTO aviary_bird (species, ring_code) VALUES ('Puffin', 'PF-001'), ('Gannet', 'GN-002');
INSERT INTO aviary_feeding (bird_id, fed_at, grams) VALUES (1, '2024-05-01 08:00', 120), (2, '2024-05-01 08:05', 300);
SQL
  tables=(aviary_bird aviary_feeding)
else
  log "sqlite3 not found: using 'dbagent demo' for the database"
  java -jar "$jar" demo --dir "$work/db" --rows 1000 >"$work/demo.log" 2>&1 || true
  db="$work/db/shop.db"
  [ -f "$db" ] || fail "dbagent demo did not create $db (see $work/demo.log)"
  tables=(users categories products orders order_items)
fi
log "database: $db (tables ${tables[*]})"

# --- 3. the fake model server (also the proxy that catches any outside request) ------------------------------------
fake_pid=""
cleanup() {
  if [ -n "$fake_pid" ]; then kill "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
node "$e2e/fake-openai.mjs" serve --port-file "$work/port" --log "$work/requests.jsonl" \
  --max-seconds $((run_timeout + 120)) 2>"$work/fake-openai.log" &
fake_pid=$!
for _ in $(seq 1 100); do [ -s "$work/port" ] && break; kill -0 "$fake_pid" 2>/dev/null || break; sleep 0.1; done
[ -s "$work/port" ] || fail "the fake model server did not start"
port="$(cat "$work/port")"
log "fake model server: http://127.0.0.1:$port/v1"

# --- 4. the project: provider config, then the real `dbagent skill install` ----------------------------------------
project="$work/project"
home="$work/home"
mkdir -p "$project" "$home/.config/opencode"
cat >"$project/opencode.json" <<JSON
{
  "\$schema": "https://opencode.ai/config.json",
  "provider": {
    "e2e": {
      "npm": "@ai-sdk/openai-compatible",
      "name": "dbagent e2e fake model",
      "options": { "baseURL": "http://127.0.0.1:$port/v1", "apiKey": "e2e-not-a-secret" },
      "models": { "scripted": { "name": "scripted", "tool_call": true } }
    }
  },
  "model": "e2e/scripted",
  "small_model": "e2e/scripted",
  "autoupdate": false,
  "share": "disabled"
}
JSON
java -jar "$jar" skill install --project "$project" --db "sqlite:$db" >"$work/skill-install.log" 2>&1 \
  || fail "dbagent skill install failed: $(cat "$work/skill-install.log")"
skill_md="$project/.opencode/skills/database/SKILL.md"
[ -f "$skill_md" ] || fail "dbagent skill install did not write $skill_md"
grep -q '"dbagent"' "$project/opencode.json" || fail "dbagent skill install did not add mcp.dbagent to opencode.json"
grep -q '"e2e"' "$project/opencode.json" || fail "dbagent skill install lost the existing provider in opencode.json"
# Text the skill tool must hand back: the first heading of the body; and the start of the frontmatter description.
marker="$(sed -n 's/^## //p' "$skill_md" | head -n 1)"
description="$(sed -n 's/^description: //p' "$skill_md" | head -n 1 | cut -c1-60)"
[ -n "$marker" ] && [ -n "$description" ] || fail "cannot read a heading and the description from $skill_md"

# opencode 1.18 installs its plugin SDK (@opencode-ai/plugin) from the npm registry into every config directory it
# loads, in the background. This test uses no plugins: mark the SDK as present so opencode stays off the network.
for dir in "$project/.opencode" "$home/.config/opencode"; do
  mkdir -p "$dir/node_modules"
  echo "{\"dependencies\": {\"@opencode-ai/plugin\": \"$OPENCODE_VERSION\"}}" >"$dir/package.json"
  echo "{\"lockfileVersion\": 3, \"packages\": {\"\": {\"dependencies\": {\"@opencode-ai/plugin\": \"$OPENCODE_VERSION\"}}}}" >"$dir/package-lock.json"
done
echo '{}' >"$work/models.json"

# --- 5. opencode run, offline, in its own HOME ---------------------------------------------------------------------
proxy="http://127.0.0.1:$port"
log "running opencode (timeout ${run_timeout}s)"
oc_start=$SECONDS
set +e
(
  cd "$project"
  env HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
    XDG_CACHE_HOME="$home/.cache" XDG_STATE_HOME="$home/.local/state" \
    OPENCODE_DISABLE_MODELS_FETCH=true OPENCODE_MODELS_PATH="$work/models.json" \
    OPENCODE_DISABLE_AUTOUPDATE=true OPENCODE_DISABLE_SHARE=true OPENCODE_DISABLE_DEFAULT_PLUGINS=true \
    OPENCODE_DISABLE_LSP_DOWNLOAD=true OPENCODE_DISABLE_CLAUDE_CODE=true OPENCODE_DISABLE_EXTERNAL_SKILLS=true \
    HTTP_PROXY="$proxy" HTTPS_PROXY="$proxy" http_proxy="$proxy" https_proxy="$proxy" \
    NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost \
    timeout -k 10 "$run_timeout" "$opencode" run --print-logs --log-level INFO --model e2e/scripted \
      "Which tables are in my database? Use the database skill." </dev/null >"$work/opencode.out" 2>"$work/opencode.log"
)
rc=$?
set -e
oc_seconds=$((SECONDS - oc_start))
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then fail "opencode run did not finish within ${run_timeout}s"; fi
if [ $rc -ne 0 ]; then fail "opencode run exited with $rc"; fi
log "opencode run finished in ${oc_seconds}s"

# --- 6. what the model server saw, and what opencode printed -------------------------------------------------------
check_args=(check --log "$work/requests.jsonl" --skill-marker "$marker" --skill-description "$description")
for t in "${tables[@]}"; do check_args+=(--table "$t"); done
node "$e2e/fake-openai.mjs" "${check_args[@]}" >&2 || fail "the fake model server's log does not show the expected conversation"

answer="$(grep -a 'E2E-ANSWER' "$work/opencode.out" | tail -n 1 || true)"
[ -n "$answer" ] || fail "opencode's output lacks the final answer (E2E-ANSWER)"
for t in "${tables[@]}"; do
  case "$answer" in *"$t"*) ;; *) fail "opencode's final answer does not name table $t: $answer" ;; esac
done
echo "  ok: opencode printed the final answer: $answer" >&2

cleanup
fake_pid=""
if [ "${DBAGENT_E2E_KEEP:-0}" = 1 ]; then log "work directory kept: $work"; else rm -rf "$work"; fi
echo "e2e: PASS opencode $OPENCODE_VERSION loaded the skill, called dbagent over MCP and answered with the real tables (${tables[*]}) in $((SECONDS - started))s"
