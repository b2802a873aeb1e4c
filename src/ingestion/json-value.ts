/** A value that survives a JSON round trip unchanged (what checkpoints are made of). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
