#!/usr/bin/env bash
# npm run rollups:rebuild: recompute the reports' daily rollups from calls, cases, timeline, referrals and deadlines.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
ensure_node_modules
ensure_database
npx tsx services/db/src/seed/rebuild-rollups.ts
