import { readdirSync, readFileSync } from 'node:fs';

/** `pid` and every process below it (children, grandchildren, ...), read from /proc (Linux); gone processes are skipped. */
export function processTree(pid: number): number[] {
	const found = [pid];
	for (let at = 0; at < found.length; at += 1) {
		try {
			for (const task of readdirSync(`/proc/${found[at]}/task`)) {
				const children = readFileSync(`/proc/${found[at]}/task/${task}/children`, 'utf8').trim();
				if (children) found.push(...children.split(/\s+/).map(Number));
			}
		} catch {
			// The process ended between two reads.
		}
	}
	return found;
}
