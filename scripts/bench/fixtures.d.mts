/** A licence-like document whose RFC 8785 canonical JSON is exactly `size` bytes (default 1024). */
export function licenceLikeDocument(size?: number): Record<string, unknown>;
