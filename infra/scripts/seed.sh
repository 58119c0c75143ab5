#!/usr/bin/env bash
# npm run seed: (re)seed communes and the demo logins into the configured database.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
ensure_node_modules
ensure_database
npx tsx services/db/src/seed/main.ts --demo
