import { adfToText } from '../../src/cdm/adf-to-text';

const doc = (...content: unknown[]) => ({ type: 'doc', version: 1, content });
const p = (...content: unknown[]) => ({ type: 'paragraph', content });
const t = (text: string, marks?: unknown[]) => ({ type: 'text', text, ...(marks ? { marks } : {}) });
const item = (...content: unknown[]) => ({ type: 'listItem', content });

describe('adfToText', () => {
	it('separates paragraphs and headings by a blank line and keeps hard breaks', () => {
		expect(adfToText(doc({ type: 'heading', attrs: { level: 1 }, content: [t('Title')] }, p(t('one'), { type: 'hardBreak' }, t('two')), p(t('three'))))).toBe(
			'Title\n\none\ntwo\n\nthree',
		);
	});

	it('renders nested and ordered lists with indentation and the list start number', () => {
		const adf = doc({
			type: 'orderedList',
			attrs: { order: 3 },
			content: [
				item(p(t('first')), { type: 'bulletList', content: [item(p(t('nested a'))), item(p(t('nested b')), { type: 'orderedList', content: [item(p(t('deep')))] })] }),
				item(p(t('second'))),
			],
		});
		expect(adfToText(adf)).toBe('3. first\n   - nested a\n   - nested b\n     1. deep\n4. second');
	});

	it('renders mentions, emoji, links, cards, dates and status lozenges as text', () => {
		const adf = doc(
			p(
				{ type: 'mention', attrs: { id: 'abc', text: '@Ann' } },
				t(' and '),
				{ type: 'mention', attrs: { id: 'def', text: 'Bob' } },
				t(' '),
				{ type: 'emoji', attrs: { shortName: ':smile:', text: '😄' } },
				{ type: 'emoji', attrs: { shortName: ':custom-party:' } },
				t(' see '),
				t('docs', [{ type: 'link', attrs: { href: 'https://docs.example' } }]),
				t(' '),
				t('https://same.example', [{ type: 'link', attrs: { href: 'https://same.example' } }]),
				t(' '),
				{ type: 'inlineCard', attrs: { url: 'https://card.example/1' } },
				t(' on '),
				{ type: 'date', attrs: { timestamp: '1700000000000' } },
				t(' '),
				{ type: 'status', attrs: { text: 'BLOCKED', color: 'red' } },
			),
		);
		expect(adfToText(adf)).toBe(
			'@Ann and @Bob 😄:custom-party: see docs (https://docs.example) https://same.example https://card.example/1 on 2023-11-14 BLOCKED',
		);
	});

	it('keeps code blocks verbatim and renders quotes, panels, rules and tables', () => {
		const adf = doc(
			{ type: 'codeBlock', attrs: { language: 'js' }, content: [t('if (a) {\n\treturn b;\n}')] },
			{ type: 'blockquote', content: [p(t('quoted line 1')), p(t('quoted line 2'))] },
			{ type: 'panel', attrs: { panelType: 'info' }, content: [p(t('FYI'))] },
			{ type: 'rule' },
			{
				type: 'table',
				content: [
					{ type: 'tableRow', content: [{ type: 'tableHeader', content: [p(t('A'))] }, { type: 'tableHeader', content: [p(t('B'))] }] },
					{ type: 'tableRow', content: [{ type: 'tableCell', content: [p(t('1')), p(t('more'))] }, { type: 'tableCell', content: [] }] },
				],
			},
		);
		expect(adfToText(adf)).toBe('if (a) {\n\treturn b;\n}\n\n> quoted line 1\n>\n> quoted line 2\n\nInfo: FYI\n\n---\n\nA | B\n1 more |');
	});

	it('renders task lists and expands', () => {
		const adf = doc(
			{
				type: 'taskList',
				content: [
					{ type: 'taskItem', attrs: { state: 'DONE' }, content: [t('done thing')] },
					{ type: 'taskList', content: [{ type: 'taskItem', attrs: { state: 'TODO' }, content: [t('nested todo')] }] },
				],
			},
			{ type: 'expand', attrs: { title: 'Details' }, content: [p(t('hidden text'))] },
		);
		expect(adfToText(adf)).toBe('[x] done thing\n  [ ] nested todo\n\nDetails\nhidden text');
	});

	it('degrades unknown nodes to their text and ignores media without text', () => {
		const adf = doc(
			{ type: 'brandNewBlock', content: [p(t('inside a block'))] },
			p(t('before '), { type: 'brandNewInline', attrs: { text: 'inline attr text' } }, t(' after')),
			{ type: 'mediaSingle', content: [{ type: 'media', attrs: { id: 'x', type: 'file' } }] },
			{ type: 'mediaSingle', content: [{ type: 'media', attrs: { id: 'y', type: 'file', alt: 'screenshot.png' } }] },
		);
		expect(adfToText(adf)).toBe('inside a block\n\nbefore inline attr text after\n\nscreenshot.png');
	});

	it('passes strings through, returns null for nothing, and never throws on malformed input', () => {
		expect(adfToText('h1. wiki markup from Data Center')).toBe('h1. wiki markup from Data Center');
		expect(adfToText(null)).toBeNull();
		expect(adfToText(undefined)).toBeNull();
		expect(adfToText(doc())).toBeNull();
		expect(adfToText(42)).toBeNull();
		expect(adfToText({ type: 'doc', content: 'not an array' })).toBeNull();
		expect(adfToText(doc(null, 7, p(null, t('ok'), { type: 'text', text: 5 }), { type: 'bulletList', content: [{}] }))).toBe('ok5');
		expect(adfToText(doc({ type: 'orderedList', attrs: { order: 'x' }, content: [item(p(t('a')))] }))).toBe('1. a');
	});

	it('flattens pathologically deep documents instead of overflowing the stack', () => {
		let node: Record<string, unknown> = t('bottom');
		for (let i = 0; i < 5000; i++) node = { type: 'blockquote', content: [node] };
		const text = adfToText(doc(node));
		expect(text).toContain('bottom');
	});
});
