import { existsSync } from 'node:fs';
import path from 'node:path';

import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { QueryTypes } from 'sequelize';

import { JiraMetadataSubsystem } from '../../src/jira/metadata-subsystem';
import type { JiraSimulator } from '../../src/jira-simulator';
import { builtConsoleDir } from '../../src/package-paths';
import { startTestBridge, TEST_TOKEN, type TestBridge } from '../helpers/bridge';
import { SIMULATOR_CREDENTIALS, startSimulator } from '../helpers/jira';
import { openTestStore, type TestStore } from '../helpers/test-database';
import { artifact, eventually, launchChromium } from './chromium';
import { startQueuedRunWorker, type QueuedRunWorker } from './queued-run-worker';

const ENDPOINT = 'jira-console';
const OTHER = 'jira-other';
const JIRA_ENV = { JIRA_EMAIL: SIMULATOR_CREDENTIALS.email, JIRA_API_TOKEN: SIMULATOR_CREDENTIALS.apiToken };

describe('ingestion console in headless Chromium (bridge on the real Postgres, endpoint collected from the Jira simulator)', () => {
	let ctx: TestStore;
	let sim: JiraSimulator;
	let bridge: TestBridge;
	let browser: Browser;
	let context: BrowserContext;
	let page: Page;
	let consoleUrl: string;
	let worker: QueuedRunWorker | undefined;
	const unitNames: Record<string, string> = {};

	const row = (unitId: string): Locator => page.locator(`tr[data-unit="${unitId}"]`);
	const cell = (unitId: string, column: string): Locator => row(unitId).locator(`td[data-col="${column}"]`);
	const drawer = (): Locator => page.getByRole('dialog');
	const config = (unitId: string) => ctx.store.models.IngestionUnitConfig.findOne({ where: { endpointId: ENDPOINT, unitId }, raw: true });
	async function openDrawer(unitId: string): Promise<Locator> {
		await page.getByRole('button', { name: `Configure ${unitNames[unitId]}` }).click();
		await drawer().waitFor();
		return drawer();
	}

	beforeAll(async () => {
		const dir = builtConsoleDir();
		if (!existsSync(path.join(dir, 'index.html'))) throw new Error(`${dir} is not built: run "npm run build" (npm run test:browser does)`);
		ctx = await openTestStore('browser_console');
		sim = await startSimulator({ issues: 40, seed: 11 });
		for (const [id, name] of [
			[ENDPOINT, 'Jira console'],
			[OTHER, 'Jira other'],
		]) {
			await ctx.store.models.MetadataEndpoint.create({
				id,
				templateId: 'jira.cloud',
				family: 'SOURCE',
				name,
				parameters: { baseUrl: sim.url, deployment: 'cloud' },
				capabilities: { supports_units: true },
			});
		}
		await new JiraMetadataSubsystem(ctx.store, { env: JIRA_ENV, client: { retryBaseMs: 5, rateLimitFloorMs: 10 } }).collect(ENDPOINT);
		for (const unit of await new JiraMetadataSubsystem(ctx.store).listUnits(ENDPOINT)) unitNames[unit.unitId] = unit.name;
		// As `serve` runs it: the built console, the answer cache on (invalidated by the store's NOTIFY events).
		bridge = await startTestBridge(ctx.store, { staticDir: dir, responseCache: {} });
		consoleUrl = new URL('/console/', bridge.url).toString();
		browser = await launchChromium();
		context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
		context.setDefaultTimeout(15_000);
		page = await context.newPage();
	});

	afterEach(async () => {
		// A failed test must not leave its drawer over the page for the next one.
		if (page && (await drawer().count()) > 0) await page.keyboard.press('Escape');
	});

	afterAll(async () => {
		await worker?.stop();
		await context?.close();
		await browser?.close();
		await bridge?.close();
		await sim?.stop();
		await ctx?.cleanup();
	});

	it('asks for the token once, refuses a wrong one, and keeps the right one in the session only', async () => {
		await page.goto(consoleUrl);
		const tokenInput = page.getByLabel('Bridge API token');
		await tokenInput.fill('not-the-token-of-this-bridge');
		await page.getByRole('button', { name: 'Connect' }).click();
		await page.getByRole('alert').filter({ hasText: 'did not accept the token' }).waitFor();

		await tokenInput.fill(TEST_TOKEN);
		await page.getByRole('button', { name: 'Connect' }).click();
		await page.getByRole('navigation', { name: 'Endpoints' }).waitFor();
		expect(await page.evaluate(() => ({ session: Object.values(sessionStorage), local: localStorage.length }))).toEqual({
			session: [TEST_TOKEN],
			local: 0,
		});
		await page.reload();
		await page.getByRole('navigation', { name: 'Endpoints' }).waitFor();
		expect(await page.getByLabel('Bridge API token').count()).toBe(0);
	});

	it('searches the endpoint list', async () => {
		const list = page.getByRole('navigation', { name: 'Endpoints' });
		const items = list.getByRole('listitem');
		await expect(items.allInnerTexts()).resolves.toEqual([expect.stringContaining('Jira console'), expect.stringContaining('Jira other')]);
		const search = page.getByRole('searchbox', { name: 'Search endpoints' });
		await search.fill('OTHER');
		await eventually(async () => expect(await items.allInnerTexts()).toEqual([expect.stringContaining('Jira other')]));
		// An endpoint whose catalog was never collected has no units; the console offers to request a collection.
		await list.getByRole('button', { name: /Jira other/ }).click();
		await page.getByText('This endpoint has no ingestion units yet').waitFor();
		await page.getByRole('button', { name: 'Collect metadata' }).click();
		await page.getByRole('status', { name: 'Notifications' }).getByText(/queued; no live ingestion trigger/).waitFor();
		const [collection] = await ctx.store.sequelize.query<{ count: number }>(
			`SELECT count(*)::int AS count FROM metadata_collection_requests WHERE endpoint_id = $1 AND status = 'QUEUED'`,
			{ bind: [OTHER], type: QueryTypes.SELECT },
		);
		expect(collection.count).toBe(1);
		await search.fill('no-such-endpoint');
		await list.getByText('No endpoint matches “no-such-endpoint”.').waitFor();
		expect(await items.count()).toBe(0);
		await search.fill('console');
		await list.getByRole('button', { name: /Jira console/ }).click();
		await expect(list.getByRole('button', { name: /Jira console/ }).getAttribute('aria-current')).resolves.toBe('page');
		expect(new URL(page.url()).hash).toBe(`#/endpoint/${ENDPOINT}`);
	});

	it('lists every unit with its defaults and "not configured", and warns that no trigger is live', async () => {
		await row('jira.issues').waitFor();
		const rows = page.locator('tbody tr');
		expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-unit')))).toEqual([
			'jira.comments',
			'jira.issues',
			'jira.projects',
			'jira.users',
			'jira.worklogs',
		]);
		expect(await row('jira.issues').locator('th').innerText()).toContain(unitNames['jira.issues']);
		expect(await cell('jira.issues', 'mode').innerText()).toBe('INCREMENTAL');
		expect(await cell('jira.projects', 'mode').innerText()).toBe('FULL');
		for (const unitId of Object.keys(unitNames)) {
			expect(await cell(unitId, 'schedule').innerText()).toBe('Manual only');
			expect(await cell(unitId, 'sink').innerText()).toBe('Warehouse (raw landing) · RAW');
			expect(await cell(unitId, 'status').innerText()).toBe('not configured');
			expect(await row(unitId).getByRole('switch').isChecked()).toBe(false);
			expect(await row(unitId).getByRole('button', { name: `Run ${unitNames[unitId]} now` }).isDisabled()).toBe(true);
		}
		await page.getByTestId('trigger-warning').waitFor();
		expect(await page.getByTestId('trigger-warning').innerText()).toContain('No live ingestion trigger is watching Jira console');
		await page.screenshot({ path: artifact('units-table.png'), fullPage: true });
	});

	it('enables a unit with a 15-minute schedule from the drawer, and a reload keeps it', async () => {
		const dialog = await openDrawer('jira.issues');
		expect(await dialog.getByRole('switch').isChecked()).toBe(true);
		expect(await dialog.getByLabel('Schedule', { exact: true }).locator('option').allInnerTexts()).toEqual(['Manual only', 'Every 5 min', 'Every 15 min', 'Every 60 min']);
		await dialog.getByLabel('Schedule', { exact: true }).selectOption({ label: 'Every 15 min' });
		await dialog.getByRole('button', { name: 'Save' }).click();
		await drawer().waitFor({ state: 'detached' });
		await page.getByRole('status', { name: 'Notifications' }).getByText(`Saved ${unitNames['jira.issues']}`).waitFor();
		await eventually(async () => expect(await cell('jira.issues', 'schedule').innerText()).toBe('Every 15 min'));
		expect(await cell('jira.issues', 'status').innerText()).toContain('Never run');

		await page.reload();
		await row('jira.issues').waitFor();
		expect(await cell('jira.issues', 'schedule').innerText()).toBe('Every 15 min');
		expect(await row('jira.issues').getByRole('switch').isChecked()).toBe(true);
		expect(await config('jira.issues')).toMatchObject({ enabled: true, scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 15, mode: 'INCREMENTAL' });
	});

	it('toggles a unit from the table with its own loading state, by mouse and by keyboard', async () => {
		const toggle = row('jira.projects').getByRole('switch');
		await toggle.click();
		await eventually(async () => expect(await toggle.isChecked()).toBe(true));
		await eventually(async () => expect(await cell('jira.projects', 'status').innerText()).toContain('Never run'));
		expect(await config('jira.projects')).toMatchObject({ enabled: true, scheduleKind: 'MANUAL' });

		await toggle.focus();
		await page.keyboard.press('Space');
		await eventually(async () => expect(await toggle.isChecked()).toBe(false));
		await eventually(async () => expect((await config('jira.projects'))?.enabled).toBe(false));
		await page.getByRole('status', { name: 'Notifications' }).getByText(`${unitNames['jira.projects']} disabled`).waitFor();
	});

	it('changes the mode in the drawer, offering only the unit’s supported modes', async () => {
		let dialog = await openDrawer('jira.projects');
		expect(await dialog.getByLabel('Mode', { exact: true }).locator('option').allInnerTexts()).toEqual(['FULL (default)', 'SCD1', 'CUSTOM']);
		await page.keyboard.press('Escape');
		await drawer().waitFor({ state: 'detached' });

		dialog = await openDrawer('jira.issues');
		expect(await dialog.getByLabel('Mode', { exact: true }).locator('option').allInnerTexts()).toEqual(['FULL', 'INCREMENTAL (default)', 'SCD1', 'CUSTOM']);
		expect(await dialog.getByLabel('Schedule', { exact: true }).inputValue()).toBe('15');
		await dialog.getByLabel('Mode', { exact: true }).selectOption('FULL');
		await dialog.getByRole('button', { name: 'Save' }).click();
		await drawer().waitFor({ state: 'detached' });
		await eventually(async () => expect(await cell('jira.issues', 'mode').innerText()).toBe('FULL'));
		expect(await config('jira.issues')).toMatchObject({ mode: 'FULL', scheduleIntervalMinutes: 15 });
	});

	it('shows the bridge’s refusal of an invalid policy as a banner naming the field; the drawer keeps focus and Escape closes it', async () => {
		const before = await config('jira.issues');
		const dialog = await openDrawer('jira.issues');
		await dialog.getByText('Advanced').click();
		expect(await dialog.getByLabel('Primary keys', { exact: true }).inputValue()).toBe('id');
		expect(await dialog.getByLabel('Cursor field', { exact: true }).inputValue()).toBe('updated');
		await dialog.getByLabel('Cursor field', { exact: true }).fill('resolutiondate');
		await dialog.getByRole('button', { name: 'Save' }).click();

		const banner = dialog.getByRole('alert');
		await banner.waitFor();
		expect(await banner.innerText()).toContain('policy.cursorField must be one of updated');
		expect(await dialog.getByTestId('error-field').innerText()).toBe('policy.cursorField');
		expect(await dialog.getByLabel('Cursor field', { exact: true }).getAttribute('aria-invalid')).toBe('true');
		await page.screenshot({ path: artifact('configure-drawer-error.png') });

		// Focus stays in the drawer: Tab through every control and around it twice, then Shift+Tab back around.
		for (let i = 0; i < 40; i++) {
			await page.keyboard.press(i < 20 ? 'Tab' : 'Shift+Tab');
			expect(await page.evaluate(() => (document.activeElement?.closest('dialog') ? 'inside' : document.activeElement?.outerHTML))).toBe('inside');
		}
		await page.keyboard.press('Escape');
		await drawer().waitFor({ state: 'detached' });
		expect(await config('jira.issues')).toEqual(before);
	});

	it('runs a unit now and follows its status live until SUCCEEDED', async () => {
		worker = await startQueuedRunWorker(ctx.store, JIRA_ENV);
		await page.reload();
		await row('jira.issues').waitFor();
		expect(await page.getByTestId('trigger-warning').count()).toBe(0);

		const run = row('jira.issues').getByRole('button', { name: `Run ${unitNames['jira.issues']} now` });
		await run.click();
		const status = cell('jira.issues', 'status');
		await eventually(async () => expect(await status.locator('.badge').getAttribute('data-state')).toBe('SUCCEEDED'), 30_000);
		const issues = sim.control.truth.issues().length;
		expect(await status.innerText()).toContain(`${issues} rows`);
		expect(worker.results.map((result) => result.status)).toEqual(['SUCCEEDED']);
		const [landed] = await ctx.store.sequelize.query<{ runs: number }>(
			`SELECT count(*)::int AS runs FROM ingestion_runs WHERE endpoint_id = $1 AND unit_id = 'jira.issues' AND status = 'SUCCEEDED'`,
			{ bind: [ENDPOINT], type: QueryTypes.SELECT },
		);
		expect(landed.runs).toBe(1);
		await page.screenshot({ path: artifact('units-table-after-run.png'), fullPage: true });
	});

	it('provisions the CDM model of a unit from the drawer, then saves and runs it in CDM mode', async () => {
		const dialog = await openDrawer('jira.projects');
		await dialog.getByRole('radio', { name: /Common data model/ }).check();
		expect(await dialog.getByLabel('Sink', { exact: true }).inputValue()).toBe('cdm');
		expect(await dialog.getByLabel('Sink', { exact: true }).locator('option').allInnerTexts()).toEqual(['Common data model (work) (cdm)']);
		await dialog.getByTestId('cdm-not-provisioned').waitFor();
		await page.screenshot({ path: artifact('configure-drawer-cdm.png') });
		await dialog.getByRole('button', { name: 'Provision' }).click();
		await dialog.getByTestId('cdm-provisioned').waitFor();
		expect(await dialog.getByTestId('cdm-provisioned').innerText()).toBe('provisioned (cdm_work.cdm_work_project)');
		await page.screenshot({ path: artifact('configure-drawer-cdm-provisioned.png') });
		await dialog.getByRole('status', { name: 'Notifications' }).getByText('Created cdm_work.cdm_work_project').waitFor();
		const [table] = await ctx.store.sequelize.query<{ name: string | null }>(`SELECT to_regclass('cdm_work.cdm_work_project')::text AS name`, {
			type: QueryTypes.SELECT,
		});
		expect(table.name).toBe('cdm_work.cdm_work_project');

		await dialog.getByRole('button', { name: 'Save' }).click();
		await drawer().waitFor({ state: 'detached' });
		await eventually(async () => expect(await cell('jira.projects', 'sink').innerText()).toBe('Common data model (work) · CDM'));
		expect(await config('jira.projects')).toMatchObject({ dataMode: 'CDM', sinkId: 'cdm', cdmModelId: 'cdm.work.project' });

		await row('jira.projects').getByRole('button', { name: `Run ${unitNames['jira.projects']} now` }).click();
		await eventually(async () => expect(await cell('jira.projects', 'status').locator('.badge').getAttribute('data-state')).toBe('SUCCEEDED'), 30_000);
		const [rows] = await ctx.store.sequelize.query<{ count: number }>(`SELECT count(*)::int AS count FROM cdm_work.cdm_work_project`, {
			type: QueryTypes.SELECT,
		});
		expect(rows.count).toBe(sim.control.truth.projects().length);
	});
});
