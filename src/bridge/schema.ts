import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { GraphQLSchema } from 'graphql';
import { createSchema } from 'graphql-yoga';

import type { BridgeContext } from './context';
import { resolvers } from './resolvers';

/** The SDL file, shipped next to the compiled module (the build copies it into dist/). */
export const SCHEMA_PATH = path.join(__dirname, 'schema.graphql');

let sdl: string | undefined;

export function bridgeTypeDefs(): string {
	return (sdl ??= readFileSync(SCHEMA_PATH, 'utf8'));
}

/** The executable schema: the SDL with the resolvers. */
export function buildBridgeSchema(): GraphQLSchema {
	return createSchema<BridgeContext>({ typeDefs: bridgeTypeDefs(), resolvers });
}
