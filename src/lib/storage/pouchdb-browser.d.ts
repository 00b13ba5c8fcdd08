declare module 'pouchdb-browser' {
	const PouchDB: unknown;
	export default PouchDB;
}
