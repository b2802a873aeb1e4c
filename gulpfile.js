// Copies node and credential icons (SVG/PNG) next to the compiled files in dist/, as n8n expects,
// and the GraphQL SDL files (src/**/*.graphql) that the compiled modules read at run time.
const { src, dest, task } = require('gulp');

function copyIcons() {
	return src(['nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false, allowEmpty: true }).pipe(
		dest('dist'),
	);
}

function copyGraphqlSchemas() {
	return src(['src/**/*.graphql'], { base: '.', allowEmpty: true }).pipe(dest('dist'));
}

task('build:icons', copyIcons);
task('build:assets', copyGraphqlSchemas);
