import type { IncomingMessage, ServerResponse } from 'node:http';

import serveStatic from 'serve-static';

/** URL prefix of the static console page. */
export const CONSOLE_PATH = '/console';

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Serves `dir` under /console (index.html for the folder; /console redirects to /console/ so relative asset URLs
 * resolve). No directory listings, no dotfiles, nothing outside `dir`.
 */
export function consoleStaticHandler(dir: string): StaticHandler {
	const serve = serveStatic(dir, { index: ['index.html'], dotfiles: 'ignore', redirect: false, fallthrough: true });
	return (req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		if (url.pathname === CONSOLE_PATH) {
			res.writeHead(301, { location: `${CONSOLE_PATH}/${url.search}` }).end();
			return;
		}
		req.url = `${url.pathname.slice(CONSOLE_PATH.length)}${url.search}`;
		serve(req, res, (error?: unknown) => {
			res.writeHead(error ? 400 : 404, { 'content-type': 'text/plain' }).end(error ? 'Bad request' : 'Not found');
		});
	};
}

export function isConsolePath(url: string | undefined): boolean {
	const path = (url ?? '/').split('?')[0];
	return path === CONSOLE_PATH || path.startsWith(`${CONSOLE_PATH}/`);
}
