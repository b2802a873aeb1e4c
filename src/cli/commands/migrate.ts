import type { Command } from 'commander';

import { withStore, type CliIO } from '../cli-context';

export function registerMigrateCommand(program: Command, io: CliIO): void {
	program
		.command('migrate')
		.description('Apply pending store migrations (safe to run from several processes at once)')
		.option('--status', 'list applied and pending migrations without applying anything')
		.option('--json', 'print machine-readable JSON')
		.action(async (options: { status?: boolean; json?: boolean }) => {
			await withStore(io, {}, async (store) => {
				if (options.status) {
					const status = await store.migrationStatus();
					if (options.json) return io.out(JSON.stringify(status));
					io.out(`Store: ${store.displayUrl}`);
					for (const name of status.executed) io.out(`applied  ${name}`);
					for (const name of status.pending) io.out(`pending  ${name}`);
					io.out(`${status.executed.length} applied, ${status.pending.length} pending`);
					return;
				}
				const report = await store.migrate();
				if (options.json) return io.out(JSON.stringify(report));
				io.out(`Store: ${store.displayUrl}`);
				if (report.applied.length === 0) {
					io.out(`Nothing to apply: ${report.alreadyApplied.length} migrations already applied.`);
					return;
				}
				io.out(`Applied ${report.applied.length} migration${report.applied.length === 1 ? '' : 's'}:`);
				for (const name of report.applied) io.out(`  ${name}`);
			});
		});
}
