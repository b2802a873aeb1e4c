import { useCallback, useEffect, useState } from 'react';

import { useClient } from './api/context';
import { useEndpoints } from './api/hooks';
import { EndpointList } from './components/endpoint-list';
import { ErrorBanner } from './components/error-banner';
import { UnitsPanel } from './components/units-panel';
import { isUnauthenticated, shownError, type ShownError } from './lib/errors';

const HASH_PREFIX = '#/endpoint/';

function endpointFromHash(): string | undefined {
	const { hash } = window.location;
	return hash.startsWith(HASH_PREFIX) ? decodeURIComponent(hash.slice(HASH_PREFIX.length)) : undefined;
}

export interface ConsoleProps {
	onUnauthenticated: () => void;
	onForgetToken: () => void;
	hasToken: boolean;
}

/** The console once the bridge accepts us: endpoints on the left, the selected endpoint's units on the right. */
export function Console({ onUnauthenticated, onForgetToken, hasToken }: ConsoleProps) {
	const client = useClient();
	const endpoints = useEndpoints(client);
	const [selectedId, setSelectedId] = useState(endpointFromHash);
	const [pageError, setPageError] = useState<ShownError | null>(null);

	useEffect(() => {
		const onHash = () => setSelectedId(endpointFromHash());
		window.addEventListener('hashchange', onHash);
		return () => window.removeEventListener('hashchange', onHash);
	}, []);
	useEffect(() => {
		if (endpoints.error && isUnauthenticated(endpoints.error)) onUnauthenticated();
	}, [endpoints.error, onUnauthenticated]);

	const all = endpoints.data ?? [];
	const sources = all.filter((endpoint) => endpoint.family === 'SOURCE');
	const sinks = all.filter((endpoint) => endpoint.family === 'SINK');
	const selected = sources.find((endpoint) => endpoint.id === selectedId) ?? sources[0];
	const select = useCallback((id: string) => {
		window.location.hash = `${HASH_PREFIX}${encodeURIComponent(id)}`;
		setSelectedId(id);
		setPageError(null);
	}, []);

	return (
		<div className="console">
			<header className="topbar">
				<h1>Ingestion console</h1>
				{hasToken && (
					<button type="button" className="link-button" onClick={onForgetToken}>
						Forget token
					</button>
				)}
			</header>
			<ErrorBanner error={pageError} onDismiss={() => setPageError(null)} />
			{endpoints.error && !isUnauthenticated(endpoints.error) && (
				<ErrorBanner error={shownError(endpoints.error)} onDismiss={() => void endpoints.refetch()} />
			)}
			<div className="layout">
				{endpoints.isPending ? (
					<p className="muted">Loading endpoints…</p>
				) : (
					<EndpointList endpoints={sources} selectedId={selected?.id} onSelect={select} />
				)}
				<main className="main">
					{selected ? (
						<UnitsPanel key={selected.id} endpoint={selected} sinks={sinks} onError={setPageError} onUnauthenticated={onUnauthenticated} />
					) : (
						!endpoints.isPending && <p className="muted">No source endpoint yet: add one with “n8n-ingestion endpoint add jira”.</p>
					)}
				</main>
			</div>
		</div>
	);
}
