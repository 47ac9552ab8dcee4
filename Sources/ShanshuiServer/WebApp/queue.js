// The offline queue: actions and photos kept in IndexedDB until the connection returns, each with the
// case revision it was based on (sent as If-Match), so the server can refuse a stale one (412).
const Queue = (() => {
  const open = () => new Promise((resolve, reject) => {
    const r = indexedDB.open("shanshui-app", 1);
    r.onupgradeneeded = () => r.result.createObjectStore("queue", { keyPath: "id", autoIncrement: true });
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const run = async (mode, work) => {
    const db = await open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction("queue", mode), store = tx.objectStore("queue");
      const request = work(store);
      tx.oncomplete = () => resolve(request && request.result);
      tx.onerror = () => reject(tx.error);
    });
  };
  return {
    /** Keeps `item` ({caseId, kind: "transition"|"photo", base, body|blob, type}) until sent; a photo
     *  taken with an action has `after` (the action's id) instead of `base` until the action is applied.
     *  Resolves to the item's id. */
    add: (item) => run("readwrite", (s) => s.add({ ...item, at: new Date().toISOString() })),
    all: () => run("readonly", (s) => s.getAll()),
    remove: (id) => run("readwrite", (s) => s.delete(id)),
    update: (item) => run("readwrite", (s) => s.put(item)),
  };
})();
