/** Worker for call-graph facts (`tsrs deadcode --jobs N`): reads and analyses one file per item. */
import { serveWorker } from "../../parallel/worker.js";
import { loadFacts, type FactsInput, type LoadedFacts } from "./load.js";

serveWorker<FactsInput, LoadedFacts>((item, data) => loadFacts(item, (data as { minor: number }).minor, null));
