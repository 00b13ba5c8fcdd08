/**
 * Questions asked again before their turn came: only the newest ask of each key is worked out, the
 * earlier ones answer `null`. The page asks every card in view for a saliency map after each act (the
 * weights changed); without this the maps of weights already replaced, for cards maybe scrolled away,
 * are still made one after another (~1 s each through a pretrained backbone on WASM).
 */
export class NewestOnly {
	private readonly newest = new Map<string, number>();
	private asks = 0;

	/** Marks this ask as the newest for `key`; the returned check says, when its turn comes, whether it still is. */
	ask(key: string): () => boolean {
		const ask = ++this.asks;
		this.newest.set(key, ask);
		return () => {
			const current = this.newest.get(key) === ask;
			if (current) this.newest.delete(key);
			return current;
		};
	}
}
