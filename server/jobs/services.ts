import { join } from "node:path";
import { loadDocumentCatalogFrom, type OrganisationDocuments } from "../../catalog/documentCatalog.js";
import { proceduresFolder } from "../paths.js";
import { FileStore } from "../storage/fileStore.js";

/**
 * What some jobs need besides the database: the attachment store, the letterheads and document
 * templates of the catalog, the public address printed on documents. The app server hands the
 * runner the same ones its routes use; `logigramme worker` reads them from the environment, as
 * `npm start` does.
 */
export interface JobServices {
  files: FileStore;
  documents: ReadonlyMap<string, OrganisationDocuments>;
  publicUrl: string;
}

export function jobServicesFromEnv(env: NodeJS.ProcessEnv = process.env): JobServices {
  return {
    files: new FileStore(env.FILES_DIR ?? join(env.DATA_DIR ?? "data", "files")),
    documents: loadDocumentCatalogFrom(proceduresFolder()),
    publicUrl: env.PUBLIC_URL || `http://localhost:${env.PORT ?? 3000}`,
  };
}
