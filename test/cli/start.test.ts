import { runBuiltCli } from '../helpers/cli';

/** Flag errors of `start` come before anything starts (the full stack is proven in test/e2e/start-demo.e2e.ts). */
describe('n8n-ingestion start: flags', () => {
	it.each([
		[['--port', 'abc'], '--port'],
		[['--port', '70000'], '--port'],
		[['--n8n-port', '0'], '--n8n-port'],
	])('refuses %j naming %s, and starts nothing', async (args, flag) => {
		const result = await runBuiltCli(['start', ...args], { DATABASE_URL: 'postgres://127.0.0.1:1/none' });
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(`error: ${flag}`);
		expect(result.stdout).toBe('');
	});
});
