/**
 * The bridge's bearer token, entered once per browser session and kept in sessionStorage (gone when the tab's
 * session ends); never part of the page's code.
 */
const KEY = 'n8n-ingestion.console.token';

export function loadToken(): string | undefined {
	try {
		return sessionStorage.getItem(KEY) ?? undefined;
	} catch {
		return undefined;
	}
}

export function saveToken(token: string): void {
	sessionStorage.setItem(KEY, token);
}

export function clearToken(): void {
	sessionStorage.removeItem(KEY);
}
