/**
 * Workers for the page's long computations, all started from the one worker
 * bundle that explorable/build.mjs embeds in the page and loaded from a Blob URL.
 */
import type { Job, Reply } from "./protocol";

/** The worker's bundled source, put here by explorable/build.mjs. */
declare const WORKER_SOURCE: string;

const workerUrl = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));

/** A worker for one kind of job: a new job ends the running one (its worker is terminated) and starts afresh. */
export function jobRunner(onReply: (reply: Reply) => void, onFailure: (message: string) => void) {
  let worker: Worker | null = null;
  let id = 0;
  return {
    start(job: Job): number {
      worker?.terminate();
      worker = new Worker(workerUrl);
      const mine = ++id;
      worker.onmessage = (event: MessageEvent<Reply>) => {
        if (event.data.id === mine) onReply(event.data);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        onFailure(event.message);
      };
      worker.postMessage({ ...job, id: mine });
      return mine;
    },
    /** Ends the running job, if any: its reply will not come. */
    stop(): void {
      worker?.terminate();
      worker = null;
      id++;
    },
  };
}

