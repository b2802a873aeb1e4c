import { useId, useState } from 'react';

import type { Endpoint } from '../../../src/client/types';

function matches(endpoint: Endpoint, query: string): boolean {
	const baseUrl = typeof endpoint.parameters.baseUrl === 'string' ? endpoint.parameters.baseUrl : '';
	return [endpoint.id, endpoint.name, endpoint.templateId, baseUrl].some((text) => text.toLowerCase().includes(query));
}

/** The source endpoints, searchable by id, name, template or base URL. */
export function EndpointList({
	endpoints,
	selectedId,
	onSelect,
}: {
	endpoints: Endpoint[];
	selectedId: string | undefined;
	onSelect: (id: string) => void;
}) {
	const [query, setQuery] = useState('');
	const searchId = useId();
	const needle = query.trim().toLowerCase();
	const shown = needle ? endpoints.filter((endpoint) => matches(endpoint, needle)) : endpoints;
	return (
		<nav className="endpoints" aria-label="Endpoints">
			<h2>Endpoints</h2>
			<label htmlFor={searchId} className="visually-hidden">
				Search endpoints
			</label>
			<input
				id={searchId}
				type="search"
				placeholder="Search endpoints"
				value={query}
				onChange={(event) => setQuery(event.target.value)}
				aria-controls={`${searchId}-list`}
			/>
			<p className="visually-hidden" aria-live="polite">
				{shown.length} of {endpoints.length} endpoints shown
			</p>
			<ul id={`${searchId}-list`} className="endpoint-list">
				{shown.map((endpoint) => (
					<li key={endpoint.id}>
						<button
							type="button"
							className="endpoint-item"
							aria-current={endpoint.id === selectedId ? 'page' : undefined}
							onClick={() => onSelect(endpoint.id)}
						>
							<span className="endpoint-name">{endpoint.name}</span>
							<span className="endpoint-meta">
								{endpoint.id} · {endpoint.templateId}
								{!endpoint.enabled && ' · disabled'}
							</span>
						</button>
					</li>
				))}
			</ul>
			{shown.length === 0 && <p className="muted">{endpoints.length === 0 ? 'No source endpoints yet.' : `No endpoint matches “${query}”.`}</p>}
		</nav>
	);
}
