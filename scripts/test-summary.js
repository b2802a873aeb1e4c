#!/usr/bin/env node
// Sums jest --json result files into one line, "N passed, M failed", and exits 1 when anything failed or is missing.
const { existsSync, readFileSync } = require('node:fs');

let passed = 0;
let failed = 0;
let missing = 0;
for (const file of process.argv.slice(2)) {
	if (!existsSync(file)) {
		console.error(`missing test results: ${file}`);
		missing += 1;
		continue;
	}
	const results = JSON.parse(readFileSync(file, 'utf8'));
	passed += results.numPassedTests;
	// A suite that fails to load counts as a failure even though it ran no test.
	failed += results.numFailedTests + results.numRuntimeErrorTestSuites;
}
console.log(`${passed} passed, ${failed + missing} failed`);
process.exit(failed + missing > 0 ? 1 : 0);
