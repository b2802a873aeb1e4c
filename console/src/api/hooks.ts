import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { IngestionClient } from '../../../src/client/client';
import type { IngestionUnit, IngestionUnitConfigInput, ProvisionCdmSinkInput } from '../../../src/client/types';
import { hasActiveRun } from '../lib/unit-view';

/** How often the units of the open endpoint are re-read while a run is queued or running, and otherwise. */
export const ACTIVE_POLL_MS = 1_000;
export const IDLE_POLL_MS = 10_000;
/** Endpoints carry trigger liveness (heartbeats every ~30 s). */
export const ENDPOINTS_POLL_MS = 15_000;

export const keys = {
	endpoints: ['endpoints'] as const,
	units: (endpointId: string) => ['units', endpointId] as const,
};

export function useEndpoints(client: IngestionClient) {
	return useQuery({ queryKey: keys.endpoints, queryFn: () => client.endpoints(), refetchInterval: ENDPOINTS_POLL_MS });
}

/** The units of an endpoint with their configs and last runs; polled every second while one of them runs. */
export function useUnits(client: IngestionClient, endpointId: string | undefined) {
	return useQuery({
		queryKey: keys.units(endpointId ?? ''),
		queryFn: () => client.ingestionUnits(endpointId!),
		enabled: !!endpointId,
		refetchInterval: (query) => (query.state.data?.some(hasActiveRun) ? ACTIVE_POLL_MS : IDLE_POLL_MS),
	});
}

function replaceUnitConfig(units: IngestionUnit[] | undefined, unitId: string, config: IngestionUnit['config']): IngestionUnit[] | undefined {
	return units?.map((unit) => (unit.unitId === unitId ? { ...unit, config } : unit));
}

export function useConfigureUnit(client: IngestionClient) {
	const queryClient = useQueryClient();
	return useMutation({
		mutationFn: (input: IngestionUnitConfigInput) => client.configureIngestionUnit(input),
		onSuccess: (config) => {
			queryClient.setQueryData<IngestionUnit[]>(keys.units(config.endpointId), (units) => replaceUnitConfig(units, config.unitId, config));
			void queryClient.invalidateQueries({ queryKey: keys.units(config.endpointId) });
		},
	});
}

export function useStartRun(client: IngestionClient) {
	const queryClient = useQueryClient();
	return useMutation({
		mutationFn: (input: { endpointId: string; unitId: string }) => client.startIngestion(input),
		onSuccess: (_result, input) => queryClient.invalidateQueries({ queryKey: keys.units(input.endpointId) }),
	});
}

export function useProvisionCdm(client: IngestionClient) {
	const queryClient = useQueryClient();
	return useMutation({
		mutationFn: (input: ProvisionCdmSinkInput) => client.provisionCdmSink(input),
		onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.endpoints }),
	});
}

export function useCollectMetadata(client: IngestionClient) {
	const queryClient = useQueryClient();
	return useMutation({
		mutationFn: (endpointId: string) => client.collectMetadata(endpointId),
		onSuccess: (_result, endpointId) => queryClient.invalidateQueries({ queryKey: keys.units(endpointId) }),
	});
}
