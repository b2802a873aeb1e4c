import { IngestionClient } from '../../../src/client/client';

/** The bridge's GraphQL endpoint, relative to the page (served at /console/, so ../graphql is /graphql). */
export function graphqlUrl(): string {
	return new URL('../graphql', window.location.href).toString();
}

/** The typed client of src/client, on the browser's own fetch. */
export function createConsoleClient(token: string | undefined): IngestionClient {
	return new IngestionClient({ url: graphqlUrl(), token, fetch: window.fetch.bind(window) });
}
