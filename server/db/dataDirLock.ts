import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";

/**
 * The embedded database is one process's: a second process opening the same directory (a CLI
 * command while the server runs) would corrupt it or abort. A lock file beside it holds the pid of
 * the process that has it open; a lock whose process is gone is stale and taken over.
 */
export class DataDirLocked extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `la base embarquée ${dataDir} est déjà ouverte par le processus ${pid} (le serveur ?) : arrêtez-le ou passez par lui / ` +
        `the embedded database ${dataDir} is already open in process ${pid} (the server?): stop it or go through it`,
    );
    this.name = "DataDirLocked";
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the lock of `dataDir` for this process; returns its release. */
export function lockDataDir(dataDir: string): () => void {
  const path = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number.parseInt(readFileSync(path, "utf8"), 10);
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) throw new DataDirLocked(dataDir, pid);
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`could not take the lock ${path}`);
}
