import { describe, expect, it } from 'vitest';
import { connectOrigins, serverOrigin, widenConnectSrc } from '$lib/core/class/csp';
import { auditDocId, labelDocId, parseDocId } from '$lib/core/class/docs';

const page = `<head><meta http-equiv="content-security-policy" content="default-src 'self'; connect-src 'self'; img-src 'self' blob:"></head>`;

describe('the class server in the page’s policy', () => {
	it('names exactly the joined server in connect-src, and nothing else changes', () => {
		const sut = widenConnectSrc(page, ['http://192.168.1.20:5984']);
		expect(sut).toBe(page.replace("connect-src 'self'", "connect-src 'self' http://192.168.1.20:5984"));
		expect(connectOrigins(sut.match(/content="([^"]*)"/)![1]!)).toEqual(['http://192.168.1.20:5984']);
	});

	it('leaves the page strict when no class was joined, and refuses anything that is not a plain origin', () => {
		expect(widenConnectSrc(page, [])).toBe(page);
		expect(widenConnectSrc(page, ["http://x.org; script-src 'unsafe-inline'", 'javascript:alert(1)', 'http://user:pw@x.org'])).toBe(page);
		expect(serverOrigin('https://class.school.org/some/path?q=1')).toBe('https://class.school.org');
		expect(serverOrigin('ftp://x.org')).toBeNull();
	});

	it('reads a document id back as its kind, sample and member', () => {
		expect(parseDocId(labelDocId('ab12', 'm-1'))).toEqual({ kind: 'label', hash: 'ab12', member: 'm-1' });
		expect(parseDocId(auditDocId('m-1', 'proj-9f', 3))).toEqual({ kind: 'audit', member: 'm-1' });
		expect(auditDocId('m-1', 'proj-9f', 3)).toBe('audit:m-1:proj9f.0000000003');
	});
});
