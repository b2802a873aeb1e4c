import type { Endpoint } from '../../../src/client/types';

/** Shown when no n8n Ingestion Trigger has written a heartbeat for the endpoint in the last 90 s. */
export function TriggerWarning({ endpoint }: { endpoint: Endpoint }) {
	if (endpoint.triggerLive) return null;
	return (
		<div className="banner banner-warning" role="status" data-testid="trigger-warning">
			<div className="banner-body">
				<strong>No live ingestion trigger is watching {endpoint.name}.</strong>
				<p className="banner-message">
					Schedules will not fire and “Run now” requests stay queued until an n8n workflow with the Ingestion Trigger is active.
				</p>
			</div>
		</div>
	);
}
