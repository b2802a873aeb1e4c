#!/usr/bin/env node
// `npm start [-- --demo]`: builds once when dist/ is missing, then runs `n8n-ingestion start` in this process.
const { existsSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const needed = ['dist/src/cli/main.js', 'dist/src/stack/local-stack.js', 'dist/console/index.html'];
if (needed.some((file) => !existsSync(path.join(root, file)))) {
	console.log('Building the package (first start only)…');
	const build = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (build.status !== 0) process.exit(build.status ?? 1);
}
process.argv.splice(2, 0, 'start');
require(path.join(root, 'dist/src/cli/main.js'));
