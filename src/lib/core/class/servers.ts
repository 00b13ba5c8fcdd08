/** Where the page tells the service worker which class servers it has joined (the Cache API: both can read it). */
export const CLASS_SERVERS_CACHE = 'attune-class-servers';
export const CLASS_SERVERS_KEY = '/__attune/class-servers.json';
