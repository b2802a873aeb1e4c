import { useEffect, useState } from 'react';

import type { IngestionStatus } from '../../../src/client/types';
import { absoluteTime, relativeTime } from '../lib/time';

const LABELS: Record<string, string> = {
	NEVER_RUN: 'Never run',
	QUEUED: 'Queued',
	RUNNING: 'Running',
	SUCCEEDED: 'Succeeded',
	FAILED: 'Failed',
	SKIPPED: 'Skipped',
};

const TICK_MS = 30_000;

/** The current time, refreshed every 30 s so "5 minutes ago" stays true while nothing else changes. */
function useNow(): number {
	const [now, setNow] = useState(Date.now);
	useEffect(() => {
		const timer = window.setInterval(() => setNow(Date.now()), TICK_MS);
		return () => window.clearInterval(timer);
	}, []);
	return now;
}

/** Last run status and time of a unit; "not configured" for a unit without a config. */
export function RunStatus({ status, configured }: { status: IngestionStatus | null; configured: boolean }) {
	const now = useNow();
	if (!configured) return <span className="badge badge-muted">not configured</span>;
	const state = status?.state ?? 'NEVER_RUN';
	const at = status?.finishedAt ?? status?.startedAt ?? status?.queuedAt ?? null;
	return (
		<span className="run-status">
			<span className={`badge badge-${state.toLowerCase()}`} data-state={state}>
				{LABELS[state] ?? state}
			</span>
			{at && (
				<time dateTime={at} title={absoluteTime(at)}>
					{relativeTime(at, now)}
				</time>
			)}
			{state === 'RUNNING' && status?.recordsRead != null && <span className="muted"> · {status.recordsRead.toLocaleString('en')} read</span>}
			{state === 'SUCCEEDED' && status?.rowsWritten != null && <span className="muted"> · {status.rowsWritten.toLocaleString('en')} rows</span>}
			{state === 'FAILED' && status?.error && (
				<span className="run-error" title={status.error}>
					{status.error}
				</span>
			)}
		</span>
	);
}
