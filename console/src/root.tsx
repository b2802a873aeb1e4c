import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';

import { Console } from './app';
import { createConsoleClient } from './api/client';
import { ClientContext } from './api/context';
import { clearToken, loadToken, saveToken } from './api/token';
import { ToastProvider } from './components/toasts';
import { TokenForm } from './components/token-form';

/**
 * Holds the token: first it tries the bridge with the session's token (or none, for a bridge started with
 * --insecure-local); when the bridge answers UNAUTHENTICATED it asks for one. A new token starts a fresh client
 * and query cache.
 */
export function Root() {
	const [token, setToken] = useState(loadToken);
	const [needsToken, setNeedsToken] = useState(false);
	const client = useMemo(() => createConsoleClient(token), [token]);
	const queryClient = useMemo(
		() => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: true }, mutations: { retry: 0 } } }),
		// A new token gets a fresh cache, so nothing read with the old one is shown.
		// eslint-disable-next-line react-hooks/exhaustive-deps
		[token],
	);
	const onUnauthenticated = useCallback(() => setNeedsToken(true), []);
	const submit = (value: string) => {
		saveToken(value);
		setToken(value);
		setNeedsToken(false);
	};
	const forget = () => {
		clearToken();
		setToken(undefined);
		setNeedsToken(true);
	};

	if (needsToken) return <TokenForm onSubmit={submit} rejected={token !== undefined} />;
	return (
		<ClientContext.Provider value={client}>
			<QueryClientProvider client={queryClient}>
				<ToastProvider>
					<Console onUnauthenticated={onUnauthenticated} onForgetToken={forget} hasToken={token !== undefined} />
				</ToastProvider>
			</QueryClientProvider>
		</ClientContext.Provider>
	);
}
