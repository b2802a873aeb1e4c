import { readFileSync } from 'node:fs';

import { processTree } from '../../src/stack/process-tree';

/** VmRSS of one process in kB (0 once it is gone). */
function rssKb(pid: number): number {
	try {
		const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) : 0;
	} catch {
		return 0;
	}
}

export interface RssSample {
	/** RSS of the process tree when sampling started, in MB. */
	startMb: number;
	/** Highest RSS of the process tree seen while sampling, in MB. */
	peakMb: number;
}

/** Samples the RSS of `pid` and its descendants every `everyMs` until `stop()`, which returns the figures. */
export function sampleRss(pid: number, everyMs = 100): { stop(): RssSample } {
	const total = () => processTree(pid).reduce((sum, p) => sum + rssKb(p), 0);
	const startKb = total();
	let peakKb = startKb;
	const timer = setInterval(() => {
		peakKb = Math.max(peakKb, total());
	}, everyMs);
	return {
		stop: () => {
			clearInterval(timer);
			peakKb = Math.max(peakKb, total());
			return { startMb: Math.round(startKb / 1024), peakMb: Math.round(peakKb / 1024) };
		},
	};
}
