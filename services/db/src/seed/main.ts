/**
 * Seeds reference data (provinces' communes) and, with --demo, the demo
 * logins and partners. Idempotent: run it as often as you like.
 *   MONGODB_URI=... tsx services/db/src/seed/main.ts [--demo]
 */
import { DEFAULT_DEMO_PASSWORD, loadEnv } from '@hotline/core';
import { connectDatabase, disconnectDatabase, ensureIndexes } from '../connection';
import { seedGeography } from './geography';
import { DEMO_USERS, seedDemoUsers, seedFirstAdmin } from './demo-users';
import { seedDemoPartners } from './demo-partners';
import { seedDemoResidents } from './demo-residents';
import { configureFieldKeys } from '../phone-protection';
import { rebuildCaseSearchKeys } from '../repositories/case-search';

const env = loadEnv();
const demo = process.argv.includes('--demo');
if (demo && env.NODE_ENV === 'production') {
  console.error('Refusing to create demo users in production mode (NODE_ENV=production).');
  process.exit(2);
}

await connectDatabase({ uri: env.MONGODB_URI });
await ensureIndexes();
const communes = await seedGeography();
console.log(communes ? `seeded ${communes} communes of 34 provinces` : 'communes already seeded');
// Cases written before the case search existed (or by an import) get their search keys; idempotent.
configureFieldKeys({ phoneHashKey: env.PHONE_HASH_KEY, fieldEncryptionKey: env.FIELD_ENCRYPTION_KEY, searchIndexKey: env.SEARCH_INDEX_KEY });
const searchKeys = await rebuildCaseSearchKeys();
if (searchKeys.updated > 0) console.log(`derived the search keys of ${searchKeys.updated} of ${searchKeys.read} cases`);

if (demo) {
  const users = await seedDemoUsers(env.DEMO_PASSWORD);
  console.log(`seeded ${await seedDemoPartners(users)} demo partners (collaborators, facilities, agencies) in provinces 01 and 79`);
  console.log(`seeded ${await seedDemoResidents()} demo residents of the Hà Nội SOS children's village`);
  console.log('\nDemo logins (password: ' + (env.DEMO_PASSWORD === DEFAULT_DEMO_PASSWORD ? DEFAULT_DEMO_PASSWORD : '$DEMO_PASSWORD') + '):');
  for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(12)} ${u.email.padEnd(26)} provinces: ${u.allProvinces ? 'all' : u.provinces.join(', ')}`);
} else if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
  await seedFirstAdmin(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
  console.log('the first administrator is ready');
}
await disconnectDatabase();
