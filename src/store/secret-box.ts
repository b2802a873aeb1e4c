import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';

/** Environment variable holding the key that encrypts secrets kept in the store (any string; 32+ random bytes advised). */
export const SECRET_KEY_ENV = 'N8N_INGESTION_SECRET_KEY';

const VERSION = 'v1';
const SALT = 'n8n-nodes-ingestion/secret-box/v1';

export class SecretBoxError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SecretBoxError';
	}
}

const derivedKeys = new Map<string, Buffer>();

function keyFrom(env: NodeJS.ProcessEnv): Buffer {
	const secret = env[SECRET_KEY_ENV];
	if (!secret || secret.trim() === '') {
		throw new SecretBoxError(`${SECRET_KEY_ENV} is not set: it is needed to encrypt and decrypt secrets kept in the store`);
	}
	const id = createHash('sha256').update(secret).digest('hex');
	let key = derivedKeys.get(id);
	if (!key) {
		key = scryptSync(secret, SALT, 32);
		derivedKeys.set(id, key);
	}
	return key;
}

/**
 * AES-256-GCM with a random 96-bit nonce; the key is scrypt(N8N_INGESTION_SECRET_KEY). `context` is bound as
 * additional authenticated data, so a value copied to another field or endpoint does not decrypt.
 * Result: `v1:<nonce>:<tag>:<ciphertext>` (base64url parts).
 */
export function encryptSecret(plaintext: string, context: string, env: NodeJS.ProcessEnv = process.env): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', keyFrom(env), iv);
	cipher.setAAD(Buffer.from(context, 'utf8'));
	const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
	return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(':');
}

export function decryptSecret(token: string, context: string, env: NodeJS.ProcessEnv = process.env): string {
	const parts = token.split(':');
	if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError('the encrypted value is not in a known format');
	const key = keyFrom(env);
	try {
		const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(parts[1], 'base64url'));
		decipher.setAAD(Buffer.from(context, 'utf8'));
		decipher.setAuthTag(Buffer.from(parts[2], 'base64url'));
		return Buffer.concat([decipher.update(Buffer.from(parts[3], 'base64url')), decipher.final()]).toString('utf8');
	} catch {
		throw new SecretBoxError(`the encrypted value cannot be decrypted: wrong ${SECRET_KEY_ENV} or a corrupted value`);
	}
}

export function isEncryptedSecret(value: unknown): value is string {
	return typeof value === 'string' && value.startsWith(`${VERSION}:`) && value.split(':').length === 4;
}
