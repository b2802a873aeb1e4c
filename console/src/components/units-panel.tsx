import { useEffect, useState } from 'react';

import type { Endpoint } from '../../../src/client/types';
import { useClient } from '../api/context';
import { useCollectMetadata, useUnits } from '../api/hooks';
import { isUnauthenticated, shownError, type ShownError } from '../lib/errors';
import { ConfigureDrawer } from './configure-drawer';
import { useToasts } from './toasts';
import { TriggerWarning } from './trigger-warning';
import { UnitsTable } from './units-table';

/** The right side: the selected endpoint's units table, or why there is none. */
export function UnitsPanel({
	endpoint,
	sinks,
	onError,
	onUnauthenticated,
}: {
	endpoint: Endpoint;
	sinks: Endpoint[];
	onError: (error: ShownError) => void;
	onUnauthenticated: () => void;
}) {
	const client = useClient();
	const toasts = useToasts();
	const units = useUnits(client, endpoint.id);
	const collect = useCollectMetadata(client);
	const [drawerUnitId, setDrawerUnitId] = useState<string | undefined>();
	const drawerUnit = units.data?.find((unit) => unit.unitId === drawerUnitId);
	useEffect(() => {
		if (units.error && isUnauthenticated(units.error)) onUnauthenticated();
	}, [units.error, onUnauthenticated]);

	const requestCollection = () =>
		collect.mutate(endpoint.id, {
			onSuccess: (result) => toasts.notify(result.triggerLive ? 'success' : 'info', result.message ?? 'Collection queued'),
			onError: (error) => {
				const shown = shownError(error);
				onError(shown);
				toasts.notify('error', shown.message);
			},
		});

	return (
		<section className="units-panel" aria-labelledby="units-title" aria-busy={units.isPending || undefined}>
			<header className="panel-header">
				<div>
					<h2 id="units-title">{endpoint.name}</h2>
					<p className="muted">
						{endpoint.id} · {endpoint.templateId}
						{typeof endpoint.parameters.baseUrl === 'string' ? ` · ${endpoint.parameters.baseUrl}` : ''}
					</p>
				</div>
				{units.isFetching && !units.isPending && <span className="muted refreshing">Refreshing…</span>}
			</header>
			<TriggerWarning endpoint={endpoint} />
			{units.isPending && <p className="muted">Loading units…</p>}
			{units.error && !isUnauthenticated(units.error) && <p className="muted">Units could not be loaded: {shownError(units.error).message}</p>}
			{units.data && units.data.length === 0 && (
				<div className="empty">
					<p>This endpoint has no ingestion units yet: its catalog is empty. Collect its metadata first.</p>
					<button type="button" onClick={requestCollection} disabled={collect.isPending}>
						{collect.isPending ? 'Requesting…' : 'Collect metadata'}
					</button>
				</div>
			)}
			{units.data && units.data.length > 0 && (
				<UnitsTable endpoint={endpoint} units={units.data} sinks={sinks} onConfigure={setDrawerUnitId} onError={onError} />
			)}
			{drawerUnit && <ConfigureDrawer key={drawerUnit.unitId} unit={drawerUnit} sinks={sinks} onClose={() => setDrawerUnitId(undefined)} />}
		</section>
	);
}
