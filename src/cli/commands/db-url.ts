import type { Command } from 'commander';

import { withStore, type CliIO } from '../cli-context';

export function registerDbUrlCommand(program: Command, io: CliIO): void {
	program
		.command('db:url')
		.description('Print the store connection URL in use (password redacted); starts the embedded Postgres if needed')
		.action(async () => {
			await withStore(io, {}, async (store) => {
				io.out(store.displayUrl);
			});
		});
}
