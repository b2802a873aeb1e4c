import type { Endpoint, IngestionUnit } from '../../../src/client/types';
import type { ShownError } from '../lib/errors';
import { UnitRow } from './unit-row';

export function UnitsTable({
	endpoint,
	units,
	sinks,
	onConfigure,
	onError,
}: {
	endpoint: Endpoint;
	units: IngestionUnit[];
	sinks: Endpoint[];
	onConfigure: (unitId: string) => void;
	onError: (error: ShownError) => void;
}) {
	const sinkNames = new Map(sinks.map((sink) => [sink.id, sink.name]));
	return (
		<table className="units">
			<caption className="visually-hidden">Ingestion units of {endpoint.name}</caption>
			<thead>
				<tr>
					<th scope="col">Dataset</th>
					<th scope="col">Mode</th>
					<th scope="col">Schedule</th>
					<th scope="col">Sink</th>
					<th scope="col">Last run</th>
					<th scope="col">Enabled</th>
					<th scope="col">
						<span className="visually-hidden">Actions</span>
					</th>
				</tr>
			</thead>
			<tbody>
				{units.map((unit) => (
					<UnitRow key={unit.unitId} unit={unit} sinkNames={sinkNames} onConfigure={onConfigure} onError={onError} />
				))}
			</tbody>
		</table>
	);
}
