import { createContext, useContext } from 'react';

import type { IngestionClient } from '../../../src/client/client';

export const ClientContext = createContext<IngestionClient | undefined>(undefined);

export function useClient(): IngestionClient {
	const client = useContext(ClientContext);
	if (!client) throw new Error('useClient outside ClientContext');
	return client;
}
