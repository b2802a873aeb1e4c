import type { ShownError } from '../lib/errors';

/** A GraphQL (or network) error: the bridge's sanitized message and, for input errors, the field it names. */
export function ErrorBanner({ error, onDismiss, id }: { error: ShownError | null; onDismiss: () => void; id?: string }) {
	if (!error) return null;
	return (
		<div className="banner banner-error" role="alert" id={id} data-testid="error-banner">
			<div className="banner-body">
				<strong>{error.code === 'NETWORK' ? 'Connection problem' : 'The bridge refused the request'}</strong>
				<p className="banner-message">{error.message}</p>
				{error.field && (
					<p className="banner-field">
						Field: <code data-testid="error-field">{error.field}</code>
					</p>
				)}
			</div>
			<button type="button" className="icon-button" aria-label="Dismiss error" onClick={onDismiss}>
				×
			</button>
		</div>
	);
}
