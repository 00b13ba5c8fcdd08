// What the class server's tests know of a member: what joining answered, and their login as a header.

export interface Member {
	db: string;
	memberId: string;
	password: string;
	code?: string;
}

/** An HTTP Basic login. */
export const basicLogin = (name: string, password: string) => 'Basic ' + Buffer.from(`${name}:${password}`).toString('base64');

/** A member's own login. */
export const loginOf = (m: Member) => basicLogin(m.memberId, m.password);
