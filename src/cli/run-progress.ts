import { SingleBar } from 'cli-progress';

import type { RunProgress } from '../ingestion/run-stats';
import type { CliIO } from './cli-context';

export interface RunProgressReporter {
	update(progress: RunProgress): void;
	stop(): void;
}

function rate(progress: RunProgress): number {
	return progress.elapsedMs > 0 ? Math.round((progress.recordsRead * 1000) / progress.elapsedMs) : 0;
}

/**
 * Shows a run's progress: a live line on a terminal (records, pages, rate), otherwise a plain line on
 * stderr at most every `intervalMs`.
 */
export function createRunProgressReporter(io: CliIO, label: string, intervalMs = 2000): RunProgressReporter {
	if (io.tty) {
		const bar = new SingleBar({
			format: `${label} | {records} records | {pages} pages | {rate} rec/s | {duration_formatted}`,
			hideCursor: true,
			clearOnComplete: true,
			fps: 5,
		});
		let started = false;
		return {
			update(progress) {
				const payload = { records: progress.recordsRead, pages: progress.pages, rate: rate(progress) };
				if (!started) {
					bar.start(0, 0, payload);
					started = true;
				}
				bar.update(progress.recordsRead, payload);
			},
			stop() {
				if (started) bar.stop();
			},
		};
	}
	let lastLine = -Infinity;
	return {
		update(progress) {
			if (progress.elapsedMs - lastLine < intervalMs) return;
			lastLine = progress.elapsedMs;
			io.err(`${label}: page ${progress.currentPage}, ${progress.recordsRead} records read, ${progress.rowsWritten} rows written, ${rate(progress)} rec/s`);
		},
		stop() {},
	};
}
