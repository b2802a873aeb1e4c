import type { IngestionActionResult, IngestionUnit } from '../../../src/client/types';
import { useClient } from '../api/context';
import { useConfigureUnit, useStartRun } from '../api/hooks';
import { shownError, type ShownError } from '../lib/errors';
import { unitView } from '../lib/unit-view';
import { RunStatus } from './run-status';
import { Switch } from './switch';
import { useToasts } from './toasts';

/** What a "Run now" did, in words (the bridge's own message names the run id). */
function runRequestText(name: string, result: IngestionActionResult): string {
	const what = result.queued ? `Run of ${name} queued` : `${name} already has a ${result.run?.status.toLowerCase() ?? 'pending'} run`;
	return result.triggerLive ? what : `${what}; no live ingestion trigger will pick it up yet`;
}

export interface UnitRowProps {
	unit: IngestionUnit;
	sinkNames: Map<string, string>;
	onConfigure: (unitId: string) => void;
	onError: (error: ShownError) => void;
}

/** One unit: its config (or defaults), last run, an enabled switch and "Run now", each with its own loading state. */
export function UnitRow({ unit, sinkNames, onConfigure, onError }: UnitRowProps) {
	const client = useClient();
	const toasts = useToasts();
	const configure = useConfigureUnit(client);
	const start = useStartRun(client);
	const view = unitView(unit);
	const fail = (error: unknown) => {
		const shown = shownError(error);
		onError(shown);
		toasts.notify('error', `${view.name}: ${shown.message}`);
	};

	const toggle = (enabled: boolean) =>
		configure.mutate(
			{ endpointId: unit.endpointId, unitId: unit.unitId, enabled },
			{
				onSuccess: (config) => toasts.notify('success', `${view.name} ${config.enabled ? 'enabled' : 'disabled'}`),
				onError: fail,
			},
		);
	const runNow = () =>
		start.mutate(
			{ endpointId: unit.endpointId, unitId: unit.unitId },
			{
				onSuccess: (result) => toasts.notify(result.triggerLive ? 'success' : 'info', runRequestText(view.name, result)),
				onError: fail,
			},
		);
	const busy = configure.isPending || start.isPending;
	const runHelpId = `run-help-${unit.unitId}`;

	return (
		<tr data-unit={unit.unitId} aria-busy={busy || undefined}>
			<th scope="row">
				<span className="unit-name">{view.name}</span>
				<span className="unit-id">{unit.unitId}</span>
			</th>
			<td data-col="mode">{view.mode}</td>
			<td data-col="schedule">{view.schedule}</td>
			<td data-col="sink">
				{sinkNames.get(view.sinkId) ?? view.sinkId}
				<span className="muted"> · {view.dataMode}</span>
			</td>
			<td data-col="status">
				<RunStatus status={view.lastStatus} configured={view.configured} />
			</td>
			<td data-col="enabled">
				<Switch
					checked={view.enabled}
					onChange={toggle}
					disabled={configure.isPending}
					label={<span className="visually-hidden">Enabled: {view.name}</span>}
				/>
				{configure.isPending && <span className="spinner" role="progressbar" aria-label={`Saving ${view.name}`} />}
			</td>
			<td data-col="actions" className="actions">
				<button type="button" onClick={() => onConfigure(unit.unitId)} aria-label={`Configure ${view.name}`}>
					Configure
				</button>
				<button
					type="button"
					className="primary"
					onClick={runNow}
					disabled={!view.configured || start.isPending}
					aria-describedby={view.configured ? undefined : runHelpId}
					aria-label={`Run ${view.name} now`}
				>
					{start.isPending ? 'Starting…' : 'Run now'}
				</button>
				{!view.configured && (
					<span id={runHelpId} className="visually-hidden">
						Configure or enable the unit before running it.
					</span>
				)}
			</td>
		</tr>
	);
}
