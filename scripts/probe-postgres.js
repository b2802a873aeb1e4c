#!/usr/bin/env node
// Exits 0 when a Postgres answers at the given URL (default: the machine's local server), 1 otherwise.
const { Client } = require('pg');

const url = process.argv[2] || 'postgres://postgres@127.0.0.1:5432/postgres';
const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
client
	.connect()
	.then(() => client.query('SELECT 1'))
	.then(() => client.end())
	.then(() => process.exit(0))
	.catch(() => process.exit(1));
