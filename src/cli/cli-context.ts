import { Store, type OpenStoreOptions } from '../store';

/** Where CLI output goes; tests pass their own. */
export interface CliIO {
	out(line: string): void;
	err(line: string): void;
	env: NodeJS.ProcessEnv;
	/** stderr is a terminal: progress may be drawn as a live bar there. */
	tty?: boolean;
}

export const processIO: CliIO = {
	out: (line) => process.stdout.write(`${line}\n`),
	err: (line) => process.stderr.write(`${line}\n`),
	env: process.env,
	tty: Boolean(process.stderr.isTTY),
};

/** An error the CLI reports as `error: <message>` with exit code `exitCode`, without a stack. */
export class CliError extends Error {
	constructor(
		message: string,
		readonly exitCode = 1,
	) {
		super(message);
		this.name = 'CliError';
	}
}

/**
 * Opens the store for one command and always closes it (stopping an embedded Postgres this process started),
 * also when the user presses Ctrl-C. With `interrupt`, the first Ctrl-C (or SIGTERM) only aborts it, so the
 * command can wind down cleanly (a run records itself as cancelled); a second one exits at once.
 */
export async function withStore<T>(
	io: CliIO,
	options: OpenStoreOptions,
	work: (store: Store) => Promise<T>,
	interrupt?: AbortController,
): Promise<T> {
	const store = await Store.open({ env: io.env, ...options });
	const onSignal = (signal: NodeJS.Signals) => {
		if (interrupt && !interrupt.signal.aborted) {
			io.err('Stopping after the current page (press Ctrl-C again to quit now)');
			interrupt.abort();
			process.once(signal, onSignal);
			return;
		}
		void store.close().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	try {
		return await work(store);
	} finally {
		process.removeListener('SIGINT', onSignal);
		process.removeListener('SIGTERM', onSignal);
		await store.close();
	}
}
