const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID in canonical text form (so it can be bound to a uuid column without an error). */
export function isUuid(value: string): boolean {
	return UUID.test(value);
}
