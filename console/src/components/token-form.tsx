import { useState, type FormEvent } from 'react';

/** Asks once for the bridge's token; it is kept in this browser session only (sessionStorage). */
export function TokenForm({ onSubmit, rejected }: { onSubmit: (token: string) => void; rejected: boolean }) {
	const [token, setToken] = useState('');
	const submit = (event: FormEvent) => {
		event.preventDefault();
		if (token.trim()) onSubmit(token.trim());
	};
	return (
		<main className="token-page">
			<form className="token-form" onSubmit={submit} aria-labelledby="token-title">
				<h1 id="token-title">Ingestion console</h1>
				<p>
					This bridge asks for its API token (<code>INGESTION_API_TOKEN</code>). It is kept for this browser session only and
					sent only to this bridge.
				</p>
				{rejected && (
					<p className="banner banner-error" role="alert">
						The bridge did not accept the token. Check it and try again.
					</p>
				)}
				<label htmlFor="token-input">Bridge API token</label>
				<input
					id="token-input"
					type="password"
					autoComplete="off"
					required
					value={token}
					onChange={(event) => setToken(event.target.value)}
				/>
				<button type="submit" className="primary">
					Connect
				</button>
			</form>
		</main>
	);
}
