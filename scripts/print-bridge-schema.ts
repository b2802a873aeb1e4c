// Prints the bridge's schema as graphql-js sees it; the schema contract test compares it with
// test/bridge/schema.snapshot.graphql. After a deliberate, additive change:
//   npx tsx scripts/print-bridge-schema.ts > test/bridge/schema.snapshot.graphql
import { printSchema } from 'graphql';

import { buildBridgeSchema } from '../src/bridge/schema';

process.stdout.write(`${printSchema(buildBridgeSchema())}\n`);
