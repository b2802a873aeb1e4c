import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (apt package `chromium`); no browser is ever downloaded. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where screenshots go (gitignored). */
export const ARTIFACTS_DIR = path.resolve(__dirname, '../../test-artifacts/console');

export async function launchChromium(): Promise<Browser> {
	if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium package (apt-get install chromium)`);
	mkdirSync(ARTIFACTS_DIR, { recursive: true });
	return chromium.launch({
		executablePath: CHROMIUM_PATH,
		// Without the background-networking flags Chromium tries to reach Google services, which this network refuses.
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}

export function artifact(name: string): string {
	return path.join(ARTIFACTS_DIR, name);
}

/** Retries an assertion until it passes or `timeoutMs` is over (then its last failure is thrown). */
export async function eventually(assertion: () => Promise<void> | void, timeoutMs = 10_000, intervalMs = 100): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			await assertion();
			return;
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise((resolve) => setTimeout(resolve, intervalMs));
		}
	}
}
