import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

export type ToastKind = 'success' | 'error' | 'info';

interface Toast {
	id: number;
	kind: ToastKind;
	text: string;
}

interface ToastApi {
	notify(kind: ToastKind, text: string): void;
	/** Where the toasts render: a modal drawer makes the rest of the page inert, so while one is open they go inside it. */
	setHost(host: HTMLElement | null): void;
}

const ToastContext = createContext<ToastApi | undefined>(undefined);
const TOAST_MS = 6_000;

export function useToasts(): ToastApi {
	const api = useContext(ToastContext);
	if (!api) throw new Error('useToasts outside ToastProvider');
	return api;
}

export function ToastProvider({ children }: { children: ReactNode }) {
	const [toasts, setToasts] = useState<Toast[]>([]);
	const [host, setHost] = useState<HTMLElement | null>(null);
	const nextId = useRef(1);
	const dismiss = useCallback((id: number) => setToasts((all) => all.filter((toast) => toast.id !== id)), []);
	const notify = useCallback(
		(kind: ToastKind, text: string) => {
			const id = nextId.current++;
			setToasts((all) => [...all.slice(-3), { id, kind, text }]);
			// A toast holding the keyboard focus (its dismiss button) stays until focus moves on, so focus is never lost.
			const expire = () => (document.activeElement?.closest(`[data-toast="${id}"]`) ? window.setTimeout(expire, TOAST_MS) : dismiss(id));
			window.setTimeout(expire, TOAST_MS);
		},
		[dismiss],
	);
	const api = useMemo(() => ({ notify, setHost }), [notify]);
	const region = (
		<div className="toasts" role="status" aria-live="polite" aria-label="Notifications">
			{toasts.map((toast) => (
				<div key={toast.id} className={`toast toast-${toast.kind}`} data-kind={toast.kind} data-toast={toast.id}>
					<span>{toast.text}</span>
					<button type="button" className="icon-button" aria-label="Dismiss notification" onClick={() => dismiss(toast.id)}>
						×
					</button>
				</div>
			))}
		</div>
	);
	return (
		<ToastContext.Provider value={api}>
			{children}
			{createPortal(region, host ?? document.body)}
		</ToastContext.Provider>
	);
}
