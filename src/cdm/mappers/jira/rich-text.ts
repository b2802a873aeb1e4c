import { adfToText, isAdfDocument } from '../../adf-to-text';

/** Plain text of a Jira rich-text field, plus the original ADF document to keep in `properties` (undefined otherwise). */
export function richText(value: unknown): { text: string | null; adf: unknown } {
	return { text: adfToText(value), adf: isAdfDocument(value) ? value : undefined };
}
