import { installEnv } from '../../src/stack/n8n-install';

describe('the environment of the n8n install', () => {
	it("drops npm's view of this package, keeps deliberate npm settings and everything else", () => {
		const env = installEnv({
			PATH: '/usr/bin',
			HOME: '/home/me',
			npm_config_local_prefix: '/work/main',
			npm_config_allow_scripts: '',
			npm_config_prefix: '/usr',
			npm_package_name: 'n8n-nodes-ingestion',
			npm_lifecycle_event: 'start',
			npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
			npm_config_registry: 'https://registry.example.com/',
			NPM_CONFIG_HTTPS_PROXY: 'http://proxy:3128',
			npm_config_cafile: '/etc/ssl/certs/ca-certificates.crt',
			npm_config_userconfig: '/home/me/.npmrc',
		});
		expect(env).toEqual({
			PATH: '/usr/bin',
			HOME: '/home/me',
			npm_config_registry: 'https://registry.example.com/',
			NPM_CONFIG_HTTPS_PROXY: 'http://proxy:3128',
			npm_config_cafile: '/etc/ssl/certs/ca-certificates.crt',
			npm_config_userconfig: '/home/me/.npmrc',
		});
	});
});
