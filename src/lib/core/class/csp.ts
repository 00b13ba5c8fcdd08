/**
 * The privacy rule in the Content-Security-Policy: the app connects to its own origin only, and to a
 * class's server once the user joins that class. A static page cannot widen its own policy, so the
 * service worker serves the page with the joined servers written into `connect-src`.
 */

/** A class server's origin as the policy names it, or null for anything that is not a plain http(s) origin. */
export function serverOrigin(address: string): string | null {
	let url: URL;
	try {
		url = new URL(address.trim());
	} catch {
		return null;
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
	if (url.username || url.password) return null;
	return url.origin;
}

/** The page with `connect-src` widened to exactly these origins (and nothing else changed). */
export function widenConnectSrc(html: string, origins: readonly string[]): string {
	const clean = [...new Set(origins.map(serverOrigin).filter((o): o is string => o !== null))];
	if (!clean.length) return html;
	return html.replace(/(<meta http-equiv="content-security-policy" content="[^"]*connect-src 'self')/i, `$1 ${clean.join(' ')}`);
}

/** The origins a page's policy lets it connect to besides its own. */
export function connectOrigins(policy: string): string[] {
	const directive = policy.split(';').map((d) => d.trim()).find((d) => d.startsWith('connect-src'));
	return directive ? directive.split(/\s+/).slice(1).filter((s) => s !== "'self'") : [];
}
