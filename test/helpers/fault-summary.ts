/**
 * One line of evidence per fault scenario, e.g. `[faults] sigkill raw INCREMENTAL: trials=20 kills=20 …`, written to
 * stderr past jest's console buffering so the CI log shows it next to the test result.
 */
export function printFaultSummary(scenario: string, figures: Record<string, string | number | boolean | Record<string, number>>): void {
	const text = Object.entries(figures)
		.map(([name, value]) => `${name}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
		.join(' ');
	process.stderr.write(`[faults] ${scenario}: ${text}\n`);
}
